package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * google's masked-LM head ({@code run_pretraining.py get_masked_lm_output}, scope {@code cls/predictions}):
 * gather the masked positions, dense + GELU, LayerNorm, logits against the tied word embeddings plus
 * {@code output_bias}; loss {@code sum(w * -log p) / (sum(w) + 1e-5)}.
 */
public record MaskedLmHead(SDVariable logits, SDVariable loss) implements Head {

    public static final String HEAD = "cls/predictions";
    /** INT32 {@code [B, P]}: token positions to predict. */
    public static final String POSITIONS = "masked_lm_positions";
    /** INT32 {@code [B, P]}: their original ids. */
    public static final String LABEL_IDS = "masked_lm_ids";
    /** FLOAT {@code [B, P]}: 1 for a real prediction, 0 for padding. */
    public static final String LABEL_WEIGHTS = "masked_lm_weights";
    /** {@code [B*P, vocab]}. */
    public static final String LOGITS = "cls/predictions/logits";
    public static final String LOSS = "cls/predictions/loss";

    public static MaskedLmHead attach(BertGraph g) {
        SameDiff sd = g.sameDiff();
        BertConfig c = g.config();
        int h = c.hiddenSize();
        SDVariable positions = sd.placeHolder(POSITIONS, DataType.INT32, -1, -1);
        SDVariable labelIds = sd.placeHolder(LABEL_IDS, DataType.INT32, -1, -1);
        SDVariable labelWeights = sd.placeHolder(LABEL_WEIGHTS, DataType.FLOAT, -1, -1);

        SDVariable x = gatherPositions(g, positions);                                   // [B*P, H]
        x = g.gelu(g.dense(HEAD + "/transform/dense", x, h, h, HEAD));
        x = g.layerNorm(HEAD + "/transform/LayerNorm", x, HEAD);
        SDVariable bias = g.parameter(HEAD + "/output_bias", ParameterSpec.Init.ZEROS, HEAD, c.vocabSize());
        SDVariable words = g.variable("bert/embeddings/word_embeddings");
        SDVariable logits = sd.mmul(x, words, false, true, false).add(LOGITS, bias);

        SDVariable perExample = g.crossEntropyPerRow(logits, labelIds, c.vocabSize());
        SDVariable weights = sd.reshape(labelWeights, -1);
        SDVariable loss = perExample.mul(weights).sum().div(LOSS, weights.sum().add(1e-5));
        return new MaskedLmHead(logits, loss);
    }

    /**
     * {@code sequence_output[b, positions[b, p]]} as {@code [B*P, H]}: a {@code [B, P, T]} 0/1 selection
     * matrix times the sequence output, because M2.1 {@code gather} has a wrong gradient (docs/samediff-m2.1.md §1).
     */
    static SDVariable gatherPositions(BertGraph g, SDVariable positions) {
        SameDiff sd = g.sameDiff();
        SDVariable steps = sd.range(sd.constant(0L), g.sequenceLength(), sd.constant(1L), DataType.INT64); // [T]
        SDVariable select = sd.eq(sd.expandDims(positions.castTo(DataType.INT64), 2), steps)
                .castTo(DataType.FLOAT);                                                         // [B, P, T]
        return sd.reshape(sd.mmul(select, g.sequenceOutput()), -1, g.config().hiddenSize());
    }
}
