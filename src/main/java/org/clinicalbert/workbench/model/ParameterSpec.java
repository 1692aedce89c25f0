package org.clinicalbert.workbench.model;

import java.util.Arrays;

/**
 * One trainable variable of a BERT graph: its google checkpoint name (also its SameDiff name), shape, how a
 * fresh one is initialised, and the head it belongs to ({@code null} for the BERT body, which a checkpoint
 * must always supply).
 */
public record ParameterSpec(String name, long[] shape, Init init, String head) {

    /** Initialisers as google's modeling.py uses them. */
    public enum Init {
        /** {@code truncated_normal_initializer(stddev=initializer_range)}: kernels, embeddings, output weights. */
        TRUNCATED_NORMAL,
        /** biases, LayerNorm beta. */
        ZEROS,
        /** LayerNorm gamma. */
        ONES
    }

    public ParameterSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean isHead() {
        return head != null;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
