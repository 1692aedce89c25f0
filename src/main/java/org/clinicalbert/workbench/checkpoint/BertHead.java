package org.clinicalbert.workbench.checkpoint;

import java.util.function.Predicate;

/** The parts on top of the BERT encoder a checkpoint may carry, named as google-research/bert's scripts name them. */
public enum BertHead {
    /** run_pretraining.py masked-LM head. */
    MLM(n -> n.startsWith("cls/predictions/")),
    /** run_pretraining.py next-sentence head. */
    NSP(n -> n.startsWith("cls/seq_relationship/")),
    /** run_classifier.py's top-level output layer. */
    SEQUENCE_CLASSIFIER(n -> n.equals("output_weights") || n.equals("output_bias")),
    /** modeling.py's [CLS] pooler. */
    POOLER(n -> n.startsWith("bert/pooler/"));

    private final Predicate<String> owns;

    BertHead(Predicate<String> owns) {
        this.owns = owns;
    }

    public boolean owns(String variableName) {
        return owns.test(variableName);
    }
}
