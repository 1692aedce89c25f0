package org.clinicalbert.workbench.eval;

import java.util.List;
import java.util.Locale;

/**
 * One metric across the folds of a cross-validation (or across repeated runs).
 *
 * @param std sample standard deviation (divides by n - 1, as numpy's {@code std(ddof=1)}); NaN for one fold
 */
public record FoldSummary(String metric, List<Double> values, double mean, double std, double min, double max) {

    public FoldSummary {
        values = List.copyOf(values);
    }

    public int n() {
        return values.size();
    }

    /** {@code 0.8270 ± 0.0123 (n=10)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %.4f ± %.4f (n=%d)", metric, mean, std, n());
    }
}
