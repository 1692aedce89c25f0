package org.clinicalbert.workbench.eval;

/**
 * Entity (chunk) counts for one type or for all types together, as {@code conlleval.pl} keeps them:
 * chunks in the gold standard, chunks predicted, and predicted chunks that match a gold chunk exactly
 * (same first word, same last word, same type).
 *
 * <p>Scores are fractions in [0, 1]; like conlleval a score with a zero denominator is 0.
 */
public record ChunkCounts(int gold, int predicted, int correct) {

    public ChunkCounts {
        if (gold < 0 || predicted < 0 || correct < 0 || correct > gold || correct > predicted) {
            throw new IllegalArgumentException("inconsistent chunk counts: gold=" + gold
                    + " predicted=" + predicted + " correct=" + correct);
        }
    }

    public double precision() {
        return predicted == 0 ? 0.0 : (double) correct / predicted;
    }

    public double recall() {
        return gold == 0 ? 0.0 : (double) correct / gold;
    }

    /** Harmonic mean of precision and recall (conlleval's FB1), 0 when both are 0. */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
    }

    ChunkCounts plus(ChunkCounts o) {
        return new ChunkCounts(gold + o.gold, predicted + o.predicted, correct + o.correct);
    }
}
