package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * google's next-sentence head ({@code run_pretraining.py get_next_sentence_output}, scope
 * {@code cls/seq_relationship}): logits {@code pooled · output_weights^T + output_bias} with
 * {@code output_weights [2, H]}; loss = mean cross-entropy (label 0 = "B follows A").
 */
public record NextSentenceHead(SDVariable logits, SDVariable loss) implements Head {

    public static final String HEAD = "cls/seq_relationship";
    /** INT32 {@code [B]}. */
    public static final String LABELS = "next_sentence_labels";
    public static final String LOGITS = "cls/seq_relationship/logits";
    public static final String LOSS = "cls/seq_relationship/loss";

    public static NextSentenceHead attach(BertGraph g) {
        SameDiff sd = g.sameDiff();
        SDVariable labels = sd.placeHolder(LABELS, DataType.INT32, -1);
        ClassifierLayer.LogitsAndLoss out = ClassifierLayer.logitsAndLoss(g, HEAD + "/output_weights",
                HEAD + "/output_bias", HEAD, g.pooledOutput(), labels, 2, LOGITS);
        return new NextSentenceHead(out.logits(), sd.math().mean(LOSS, out.perRowLoss()));
    }
}
