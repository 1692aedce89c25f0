package org.clinicalbert.workbench.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mean and sample standard deviation of each metric across folds. */
public final class Aggregate {

    private Aggregate() {
    }

    /**
     * Summarises one metric over its per-fold values. The standard deviation is the sample one
     * (n - 1 in the denominator), since folds are a sample of possible splits; it is NaN for a single value.
     */
    public static FoldSummary of(String metric, List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("metric '" + metric + "': no values");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("metric '" + metric + "', fold " + i + ": value " + v + " is not a finite number");
            }
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int n = values.size();
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double std = n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1));
        return new FoldSummary(metric, values, mean, std, min, max);
    }

    /**
     * Summarises every metric of per-fold results (one map per fold, metric name to value). Every fold
     * must report the same metrics; the order is that of the first fold.
     */
    public static Map<String, FoldSummary> across(List<Map<String, Double>> folds) {
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("no folds to aggregate");
        }
        Map<String, FoldSummary> out = new LinkedHashMap<>();
        for (String metric : folds.get(0).keySet()) {
            List<Double> values = new ArrayList<>(folds.size());
            for (int i = 0; i < folds.size(); i++) {
                Double v = folds.get(i).get(metric);
                if (v == null) {
                    throw new IllegalArgumentException("fold " + i + " has no value for metric '" + metric + "'");
                }
                values.add(v);
            }
            out.put(metric, of(metric, values));
        }
        for (int i = 1; i < folds.size(); i++) {
            for (String metric : folds.get(i).keySet()) {
                if (!out.containsKey(metric)) {
                    throw new IllegalArgumentException("fold " + i + " reports metric '" + metric + "' that fold 0 lacks");
                }
            }
        }
        return out;
    }
}
