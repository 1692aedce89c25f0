package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;

/** The output layer google's heads share: {@code x · W^T + b} with {@code W [classes, H]}, and per-row cross-entropy. */
final class ClassifierLayer {

    private ClassifierLayer() {
    }

    /** A classifier layer's outputs: logits {@code [N, classes]} and the per-row cross-entropy {@code [N]}. */
    record LogitsAndLoss(SDVariable logits, SDVariable perRowLoss) {
    }

    static LogitsAndLoss logitsAndLoss(BertGraph g, String weightsName, String biasName, String head, SDVariable x,
                                      SDVariable labels, int classes, String logitsName) {
        SDVariable w = g.parameter(weightsName, ParameterSpec.Init.TRUNCATED_NORMAL, head, classes,
                g.config().hiddenSize());
        SDVariable b = g.parameter(biasName, ParameterSpec.Init.ZEROS, head, classes);
        SDVariable logits = g.sameDiff().mmul(x, w, false, true, false).add(logitsName, b);
        return new LogitsAndLoss(logits, g.crossEntropyPerRow(logits, labels, classes));
    }
}
