package org.clinicalbert.workbench.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metric in a run's metrics map, {@code dev.accuracy} or {@code test.f1}. Single runs hold
 * {@code dev -> {metrics: {accuracy: x}}}; cross-validated runs {@code dev -> {accuracy: {mean: x, std: ...}}},
 * for which the mean over folds is the value.
 */
public record MetricPath(String split, String metric) {

    public static MetricPath parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("expected split.metric, e.g. dev.accuracy or dev.f1, got '" + text + "'");
        }
        String split = text.substring(0, dot);
        if (!split.equals("dev") && !split.equals("test")) {
            throw new IllegalArgumentException("split must be dev or test, got '" + split + "' in '" + text + "'");
        }
        return new MetricPath(split, text.substring(dot + 1));
    }

    /** The metric's value; an exception naming the metrics the run has when it is missing. */
    public double valueIn(Map<String, Object> runMetrics) {
        Map<String, Double> flat = flatten(runMetrics.get(split));
        Double v = flat.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("score " + this + " not in the run's metrics; " + split + " has: "
                    + (flat.isEmpty() ? "nothing" : String.join(", ", flat.keySet())));
        }
        return v;
    }

    /** A split's metrics as name to number (CV: the mean over folds); empty when the split is absent. */
    @SuppressWarnings("unchecked")
    public static Map<String, Double> flatten(Object split) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!(split instanceof Map<?, ?> m)) {
            return out;
        }
        Object inner = m.containsKey("metrics") ? m.get("metrics") : m;
        if (inner instanceof Map<?, ?> metrics) {
            ((Map<String, Object>) metrics).forEach((k, v) -> {
                if (v instanceof Number n) {
                    out.put(k, n.doubleValue());
                } else if (v instanceof Map<?, ?> summary && summary.get("mean") instanceof Number mean) {
                    out.put(k, mean.doubleValue());
                }
            });
        }
        return out;
    }

    @Override
    public String toString() {
        return split + "." + metric;
    }
}
