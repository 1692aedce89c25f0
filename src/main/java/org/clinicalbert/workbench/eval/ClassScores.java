package org.clinicalbert.workbench.eval;

/**
 * One class's (or a micro-average's) counts. Scores with a zero denominator are 0, as scikit-learn's
 * {@code zero_division=0} and conlleval do.
 */
public record ClassScores(long truePositives, long falsePositives, long falseNegatives) {

    /** Items whose gold label is this class. */
    public long support() {
        return truePositives + falseNegatives;
    }

    public double precision() {
        long d = truePositives + falsePositives;
        return d == 0 ? 0.0 : (double) truePositives / d;
    }

    public double recall() {
        long d = truePositives + falseNegatives;
        return d == 0 ? 0.0 : (double) truePositives / d;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
    }
}
