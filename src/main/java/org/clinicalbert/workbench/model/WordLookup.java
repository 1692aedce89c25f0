package org.clinicalbert.workbench.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The word-embedding lookup done outside the graph: rows of the {@code [vocab, H]} table gathered for the
 * batch's ids, and the gradient of those rows scatter-added back into a {@code [vocab, H]} table gradient.
 *
 * <p>Why not in SameDiff: M2.1's {@code gather} overwrites instead of summing the gradient of repeated ids
 * (docs/samediff-m2.1.md §1), and the exact alternative, {@code oneHot(ids) · table}, costs 2·N·vocab·H FLOPs forward
 * and twice that backward plus an {@code [N, vocab]} one-hot and its gradient (about 12% of a BERT-base
 * training step and 240 MB at batch 8). Gathering N rows and adding N rows back costs N·H.
 */
final class WordLookup {

    private WordLookup() {
    }

    /** {@code table[ids[i]]} as {@code [N, H]} for the flattened ids; an id outside the table is an error. */
    static INDArray gather(INDArray table, int[] ids) {
        long vocab = table.size(0);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException("input_ids[" + i + "] = " + ids[i] + " is outside the vocabulary of "
                        + vocab + " word embeddings");
            }
        }
        return Nd4j.pullRows(table, 1, ids);
    }

    /** The flattened ids of an integer {@code [B, T]} array. */
    static int[] ids(INDArray inputIds) {
        return inputIds.castTo(DataType.INT32).reshape(-1).toIntVector();
    }

    /**
     * Adds row {@code i} of {@code rowGradients} ({@code [N, H]}) to row {@code ids[i]} of {@code tableGradient}
     * ({@code [vocab, H]}, C order, float), summing repeated ids.
     */
    static void scatterAdd(INDArray tableGradient, int[] ids, INDArray rowGradients) {
        int h = (int) tableGradient.size(1);
        if (rowGradients.size(0) != ids.length || rowGradients.size(1) != h) {
            throw new IllegalArgumentException("row gradients " + Arrays.toString(rowGradients.shape()) + " do not match "
                    + ids.length + " ids of width " + h);
        }
        if (tableGradient.dataType() != DataType.FLOAT || tableGradient.isView() || tableGradient.ordering() != 'c') {
            throw new IllegalArgumentException("table gradient must be a dense C-order float array");
        }
        INDArray rows = rowGradients.ordering() == 'c' && !rowGradients.isView()
                ? rowGradients.castTo(DataType.FLOAT) : rowGradients.dup('c').castTo(DataType.FLOAT);
        float[] src = rows.data().asFloat();
        // a view on the native buffer: no copy of the (vocab x H) table
        FloatBuffer dst = tableGradient.data().asNioFloat();
        for (int i = 0; i < ids.length; i++) {
            int to = ids[i] * h;
            int from = i * h;
            for (int j = 0; j < h; j++) {
                dst.put(to + j, dst.get(to + j) + src[from + j]);
            }
        }
    }
}
