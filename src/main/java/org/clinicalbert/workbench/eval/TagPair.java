package org.clinicalbert.workbench.eval;

/** The gold and predicted tag of one word, e.g. {@code B-problem} / {@code I-problem}. */
public record TagPair(String gold, String predicted) {

    public TagPair {
        ConllEval.checkTag(gold, "gold");
        ConllEval.checkTag(predicted, "predicted");
    }
}
