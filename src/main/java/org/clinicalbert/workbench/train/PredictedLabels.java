package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.data.features.NerWindow;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The label a classifier head predicts, read off {@link BertTaskModel#predict}'s logits: the highest-scoring
 * class (ties to the first, as argmax), per row for SEQUENCE heads and per word (its first piece) for TOKEN heads,
 * whose logits are {@code [B*T, L]} with row {@code b*T + t}. Evaluation and prediction both decode here.
 */
public final class PredictedLabels {

    private PredictedLabels() {
    }

    /** The label of row {@code row} of {@code [B, L]} logits. */
    public static String ofRow(INDArray logits, int row, List<String> labels) {
        return labels.get(logits.getRow(row).argMax().getInt(0));
    }

    /**
     * The tag of each word of each window of a batch, from the TOKEN head's {@code [B*T, L]} logits, where T is the
     * longest window of the batch (the batch is padded to it).
     */
    public static List<List<String>> ofWords(INDArray logits, List<NerWindow> batch, List<String> labels) {
        long t = batch.stream().mapToInt(NerWindow::length).max().orElse(1);
        List<List<String>> out = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            List<String> tags = new ArrayList<>(batch.get(r).wordCount());
            for (int pos : batch.get(r).wordPositions()) {
                tags.add(labels.get(logits.getRow(r * t + pos).argMax().getInt(0)));
            }
            out.add(tags);
        }
        return out;
    }
}
