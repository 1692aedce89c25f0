package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Token classification (NER) as the google-style BERT-NER forks build it: dropout 0.1 on every token of the
 * sequence output in training, then {@code output_weights [L, H]} / {@code output_bias [L]} (root scope, the
 * same names as {@link SequenceClassifierHead}) applied per token. Unlike those forks, which average over all
 * positions, the loss is {@code sum(w * CE) / (sum(w) + 1e-5)} with a 0/1 {@code label_weights} placeholder,
 * so padding, [CLS]/[SEP] and non-first word pieces do not count (the MLM head's weighting).
 */
public record TokenClassifierHead(SDVariable logits, SDVariable loss) implements Head {

    public static final String HEAD = "token_classifier";
    public static final String WEIGHTS = "output_weights";
    public static final String BIAS = "output_bias";
    /** INT32 {@code [B, T]}. */
    public static final String LABELS = "label_ids";
    /** FLOAT {@code [B, T]}: 1 where the token's label counts. */
    public static final String LABEL_WEIGHTS = "label_weights";
    /** {@code [B*T, L]}, row {@code b*T + t}. */
    public static final String LOGITS = "token_classifier/logits";
    public static final String LOSS = "token_classifier/loss";
    static final double DROPOUT = 0.1;

    public static TokenClassifierHead attach(BertGraph g, int numLabels) {
        SameDiff sd = g.sameDiff();
        SDVariable labels = sd.placeHolder(LABELS, DataType.INT32, -1, -1);
        SDVariable labelWeights = sd.placeHolder(LABEL_WEIGHTS, DataType.FLOAT, -1, -1);
        SDVariable tokens = g.dropout(sd.reshape(g.sequenceOutput(), -1, g.config().hiddenSize()), DROPOUT,
                g::tokensByHidden);
        ClassifierLayer.LogitsAndLoss out = ClassifierLayer.logitsAndLoss(g, WEIGHTS, BIAS, HEAD, tokens, labels,
                numLabels, LOGITS);
        SDVariable weights = sd.reshape(labelWeights, -1);
        SDVariable loss = out.perRowLoss().mul(weights).sum().div(LOSS, weights.sum().add(1e-5));
        return new TokenClassifierHead(out.logits(), loss);
    }
}
