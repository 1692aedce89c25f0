package org.clinicalbert.workbench.modelfolder;

import java.util.List;

/**
 * One input through the BERT body: its word pieces ({@code [CLS] a [SEP] (b [SEP])}), their ids and segment ids,
 * the last encoder layer per token ({@code sequenceOutput[t]}, length H) and the pooled vector
 * ({@code tanh(dense(sequenceOutput[0]))}, length H). {@code truncated}: word pieces were dropped to fit
 * max_seq_length.
 */
public record TextEncoding(List<String> tokens, int[] inputIds, int[] segmentIds, float[][] sequenceOutput,
                           float[] pooledOutput, boolean truncated) {
}
