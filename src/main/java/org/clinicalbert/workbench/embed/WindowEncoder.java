package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.model.BertGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs padded batches of windows ({@code [CLS] pieces [SEP]} ids) through the inference graph and pools each
 * window to one vector. Padding is masked in attention (the graph's input_mask) and left out of mean pooling.
 */
final class WindowEncoder {

    private final BertGraph graph;
    private final Pooling pooling;
    private final List<String> outputs;
    private final int hidden;

    WindowEncoder(BertGraph graph, Pooling pooling, LayerSelection layers) {
        if (graph.training()) {
            throw new IllegalArgumentException("embeddings need the INFERENCE graph (no dropout)");
        }
        this.graph = graph;
        this.pooling = pooling;
        this.hidden = graph.config().hiddenSize();
        int numLayers = graph.config().numHiddenLayers();
        if (pooling == Pooling.POOLED) {
            if (!layers.isLastOnly(numLayers)) {
                throw new UserInputException("--pooling pooled is the pooler output of the last layer; "
                        + "--layers applies to cls and mean only");
            }
            outputs = List.of(BertGraph.POOLED_OUTPUT);
        } else if (layers.isLastOnly(numLayers)) {
            outputs = List.of(BertGraph.SEQUENCE_OUTPUT);
        } else {
            List<String> all = HiddenStates.variableNames(graph);
            List<String> chosen = new ArrayList<>();
            layers.layers().forEach(i -> chosen.add(all.get(i)));
            outputs = List.copyOf(chosen);
        }
    }

    int hiddenSize() {
        return hidden;
    }

    /** One pooled vector per window, in the order given; all windows in one padded batch. */
    float[][] encode(List<int[]> windows) {
        int b = windows.size();
        int t = windows.stream().mapToInt(w -> w.length).max().orElse(0);
        int[][] ids = new int[b][t];
        int[][] mask = new int[b][t];
        for (int r = 0; r < b; r++) {
            int[] w = windows.get(r);
            System.arraycopy(w, 0, ids[r], 0, w.length);
            java.util.Arrays.fill(mask[r], 0, w.length, 1);
        }
        INDArray idArray = Nd4j.createFromArray(ids);
        Map<String, INDArray> out = graph.output(
                graph.feed(idArray, Nd4j.zeros(DataType.INT32, b, t), Nd4j.createFromArray(mask)),
                outputs.toArray(String[]::new));
        double[][] sums = new double[b][hidden];
        for (String name : outputs) {
            float[] v = out.get(name).castTo(DataType.FLOAT).reshape(-1).toFloatVector();
            for (int r = 0; r < b; r++) {
                accumulate(v, r, t, windows.get(r).length, sums[r]);
            }
        }
        float[][] pooled = new float[b][hidden];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < hidden; j++) {
                pooled[r][j] = (float) (sums[r][j] / outputs.size());
            }
        }
        return pooled;
    }

    /** Adds window {@code r}'s pooled vector of one output (flat {@code [B, T, H]} or {@code [B, H]}) to {@code sum}. */
    private void accumulate(float[] v, int r, int t, int length, double[] sum) {
        switch (pooling) {
            case POOLED -> {
                for (int j = 0; j < hidden; j++) {
                    sum[j] += v[r * hidden + j];
                }
            }
            case CLS -> {
                int base = r * t * hidden;
                for (int j = 0; j < hidden; j++) {
                    sum[j] += v[base + j];
                }
            }
            case MEAN -> {
                double[] row = new double[hidden];
                for (int i = 0; i < length; i++) {
                    int base = (r * t + i) * hidden;
                    for (int j = 0; j < hidden; j++) {
                        row[j] += v[base + j];
                    }
                }
                for (int j = 0; j < hidden; j++) {
                    sum[j] += row[j] / length;
                }
            }
        }
    }
}
