package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.data.features.NerWindow;
import org.clinicalbert.workbench.data.features.PairFeatures;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.SequenceClassifierHead;
import org.clinicalbert.workbench.model.TokenClassifierHead;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/** Encoded examples to the graph's placeholders, padded to the longest example of the batch. */
public final class FeatureBatches {

    private FeatureBatches() {
    }

    /** Sequence(-pair) classification; {@code labels} may be null at prediction time. */
    public static Batch pairs(List<PairFeatures> examples, int[] labels) {
        int b = examples.size();
        int t = examples.stream().mapToInt(PairFeatures::length).max().orElse(1);
        int[][] ids = new int[b][t];
        int[][] seg = new int[b][t];
        int[][] mask = new int[b][t];
        long tokens = 0;
        for (int i = 0; i < b; i++) {
            PairFeatures f = examples.get(i);
            System.arraycopy(f.inputIds(), 0, ids[i], 0, f.length());
            System.arraycopy(f.segmentIds(), 0, seg[i], 0, f.length());
            java.util.Arrays.fill(mask[i], 0, f.length(), 1);
            tokens += f.length();
        }
        Map<String, INDArray> feeds = new java.util.HashMap<>(Map.of(
                BertGraph.INPUT_IDS, Nd4j.createFromArray(ids),
                BertGraph.TOKEN_TYPE_IDS, Nd4j.createFromArray(seg),
                BertGraph.INPUT_MASK, Nd4j.createFromArray(mask)));
        feeds.put(SequenceClassifierHead.LABELS, Nd4j.createFromArray(labels == null ? new int[b] : labels));
        return new Batch(feeds, b, tokens);
    }

    /** Token classification: label on first word pieces, weight 0 elsewhere (and on padding). */
    public static Batch windows(List<NerWindow> windows) {
        int b = windows.size();
        int t = windows.stream().mapToInt(NerWindow::length).max().orElse(1);
        int[][] ids = new int[b][t];
        int[][] mask = new int[b][t];
        int[][] labels = new int[b][t];
        float[][] weights = new float[b][t];
        long tokens = 0;
        for (int i = 0; i < b; i++) {
            NerWindow w = windows.get(i);
            System.arraycopy(w.inputIds(), 0, ids[i], 0, w.length());
            java.util.Arrays.fill(mask[i], 0, w.length(), 1);
            for (int p = 0; p < w.length(); p++) {
                int label = w.pieceLabels()[p];
                if (label != NerWindow.IGNORE) {
                    labels[i][p] = label;
                    weights[i][p] = 1f;
                }
            }
            tokens += w.length();
        }
        Map<String, INDArray> feeds = Map.of(
                BertGraph.INPUT_IDS, Nd4j.createFromArray(ids),
                BertGraph.TOKEN_TYPE_IDS, Nd4j.zeros(DataType.INT32, b, t),
                BertGraph.INPUT_MASK, Nd4j.createFromArray(mask),
                TokenClassifierHead.LABELS, Nd4j.createFromArray(labels),
                TokenClassifierHead.LABEL_WEIGHTS, Nd4j.createFromArray(weights));
        return new Batch(feeds, b, tokens);
    }
}
