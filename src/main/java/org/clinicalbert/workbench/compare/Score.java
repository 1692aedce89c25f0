package org.clinicalbert.workbench.compare;

import java.util.List;

/**
 * One metric of one run on one split: a single value, or the mean and sample std over the folds of a
 * cross-validation run.
 *
 * @param std  sample standard deviation over {@code values}; NaN for a single value
 * @param values the fold values (one value for a single run)
 */
public record Score(double mean, double std, List<Double> values) {

    public Score {
        values = List.copyOf(values);
    }

    public static Score single(double value) {
        return new Score(value, Double.NaN, List.of(value));
    }

    public boolean crossValidated() {
        return values.size() > 1;
    }
}
