package org.clinicalbert.workbench.eval;

/**
 * A paired-bootstrap confidence interval for metric(A) - metric(B).
 *
 * @param observed         the difference on the real data
 * @param lower            lower percentile bound of the resampled differences
 * @param upper            upper percentile bound
 * @param confidence       e.g. 0.95
 * @param samples          number of bootstrap resamples
 * @param fractionNotAbove fraction of resamples where A was not better than B (difference <= 0): a one-sided
 *                         p-value for "A beats B" in the sense of Koehn (2004)
 */
public record BootstrapInterval(double observed, double lower, double upper, double confidence, int samples,
                                double fractionNotAbove) {
}
