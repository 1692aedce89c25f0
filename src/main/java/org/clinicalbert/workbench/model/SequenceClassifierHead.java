package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Sequence(-pair) classification as google's {@code run_classifier.py create_model}: dropout 0.1 on the pooled
 * output in training, {@code output_weights [L, H]}, {@code output_bias [L]} (root scope, as in fine-tuned
 * checkpoints), mean cross-entropy.
 */
public record SequenceClassifierHead(SDVariable logits, SDVariable loss) implements Head {

    public static final String HEAD = "classifier";
    public static final String WEIGHTS = "output_weights";
    public static final String BIAS = "output_bias";
    /** INT32 {@code [B]}. */
    public static final String LABELS = "label_ids";
    public static final String LOGITS = "classifier/logits";
    public static final String PROBABILITIES = "classifier/probabilities";
    public static final String LOSS = "classifier/loss";
    /** run_classifier.py hard-codes {@code keep_prob=0.9}, independent of the config. */
    static final double DROPOUT = 0.1;

    public static SequenceClassifierHead attach(BertGraph g, int numLabels) {
        SameDiff sd = g.sameDiff();
        SDVariable labels = sd.placeHolder(LABELS, DataType.INT32, -1);
        SDVariable pooled = g.dropout(g.pooledOutput(), DROPOUT, (b, t) -> new long[]{b, g.config().hiddenSize()});
        ClassifierLayer.LogitsAndLoss out = ClassifierLayer.logitsAndLoss(g, WEIGHTS, BIAS, HEAD, pooled, labels,
                numLabels, LOGITS);
        sd.nn().softmax(PROBABILITIES, out.logits(), 1);
        return new SequenceClassifierHead(out.logits(), sd.math().mean(LOSS, out.perRowLoss()));
    }
}
