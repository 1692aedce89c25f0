package org.clinicalbert.workbench.sweep;

import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Arbiter parameter space whose candidates are plain override maps (experiment key path to value), so
 * Arbiter's generators drive our experiment configs instead of its own DL4J network builders. Each key is one
 * Arbiter leaf (discrete, continuous or integer); the generator assigns the leaves their positions.
 */
final class OverrideSpace extends AbstractParameterSpace<Map<String, Object>> {

    /** Continuous draws keep 4 significant digits: readable in reports, and no setting tells 3.0012e-5 from 3.0e-5. */
    private static final java.math.MathContext DIGITS = new java.math.MathContext(4);

    private final Map<String, ParameterSpace<?>> leaves = new LinkedHashMap<>();

    OverrideSpace(Map<String, ParameterRange> ranges) {
        ranges.forEach((key, range) -> leaves.put(key, range.toSpace()));
    }

    @Override
    public Map<String, Object> getValue(double[] values) {
        Map<String, Object> out = new LinkedHashMap<>();
        leaves.forEach((key, space) -> {
            Object v = space.getValue(values);
            if (space instanceof org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace) {
                v = new java.math.BigDecimal((Double) v).round(DIGITS).doubleValue();
            }
            out.put(key, v);
        });
        return out;
    }

    @Override
    public int numParameters() {
        return leaves.values().stream().mapToInt(ParameterSpace::numParameters).sum();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> out = new ArrayList<>();
        leaves.values().forEach(s -> out.addAll(s.collectLeaves()));
        return out;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Map<String, ParameterSpace> getNestedSpaces() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(leaves));
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("not a leaf: the generator indexes the leaves of collectLeaves()");
    }
}
