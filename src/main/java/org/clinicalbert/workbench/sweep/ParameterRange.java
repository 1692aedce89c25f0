package org.clinicalbert.workbench.sweep;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;

import java.util.List;

/** The values one swept experiment key may take: a list of choices, or a range (random search only). */
public sealed interface ParameterRange {

    /** A fresh Arbiter leaf space for this range (leaves carry their index, so each generator gets its own). */
    ParameterSpace<?> toSpace();

    /** Discrete values as written in the sweep file: Integer, Long, Double or String. */
    record Choices(List<Object> values) implements ParameterRange {
        public Choices {
            values = List.copyOf(values);
        }

        @Override
        public ParameterSpace<?> toSpace() {
            return new DiscreteParameterSpace<>(values);
        }
    }

    /**
     * A continuous range; integral bounds draw integers (e.g. epochs), {@code log} draws uniformly in log space
     * (the usual choice for a learning rate).
     */
    record Range(double min, double max, boolean log, boolean integer) implements ParameterRange {
        @Override
        public ParameterSpace<?> toSpace() {
            if (integer) {
                return new IntegerParameterSpace((int) min, (int) max);
            }
            return log ? new ContinuousParameterSpace(new LogUniformDistribution(min, max))
                    : new ContinuousParameterSpace(min, max);
        }
    }
}
