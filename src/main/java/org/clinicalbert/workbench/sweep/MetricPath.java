package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.RunMetrics;

import java.util.Map;

/**
 * A metric of a run's scores, {@code dev.accuracy} or {@code test.f1}: its value is {@link RunMetrics#scores}'s,
 * the mean over folds for a cross-validated run.
 */
public record MetricPath(String split, String metric) {

    public static MetricPath parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new UserInputException("expected split.metric, e.g. dev.accuracy or dev.f1, got '" + text + "'");
        }
        String split = text.substring(0, dot);
        if (!split.equals("dev") && !split.equals("test")) {
            throw new UserInputException("split must be dev or test, got '" + split + "' in '" + text + "'");
        }
        return new MetricPath(split, text.substring(dot + 1));
    }

    /** The metric's value; an exception naming the metrics the run has when it is missing. */
    public double valueIn(RunMetrics runMetrics) {
        Map<String, Double> flat = runMetrics.scores(split);
        Double v = flat.get(metric);
        if (v == null) {
            throw new UserInputException("score " + this + " not in the run's metrics; " + split + " has: "
                    + (flat.isEmpty() ? "nothing" : String.join(", ", flat.keySet())));
        }
        return v;
    }

    @Override
    public String toString() {
        return split + "." + metric;
    }
}
