package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNorm;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNormBp;

/**
 * Ops of the BERT graph that the session ({@link SessionMemory}) computes in Java instead of libnd4j, because
 * M2.1's native kernels for them are many times slower than their arithmetic (measured in
 * results/bench/README.md). Each applies only to the arrays it was written for (dense float, the BERT graph's
 * layout) and otherwise leaves the op to libnd4j, so any graph still runs; the output arrays are the ones
 * SameDiff allocated for the op.
 */
final class JavaKernels {

    private JavaKernels() {
    }

    /** Runs {@code op} here if it is one of ours and its arrays fit; false leaves it to libnd4j. */
    static boolean tryRun(DifferentialFunction op, OpContext context) {
        if (op instanceof LayerNorm ln) {
            return layerNorm(ln, context);
        }
        if (op instanceof LayerNormBp bp) {
            return layerNormBackward(bp, context);
        }
        return false;
    }

    private static boolean layerNorm(LayerNorm op, OpContext c) {
        if (c.numInputArguments() != 3 || c.numOutputArguments() != 1) {
            return false;                                                     // no bias: not the BERT graph's form
        }
        INDArray x = c.getInputArray(0);
        INDArray gamma = c.getInputArray(1);
        INDArray beta = c.getInputArray(2);
        INDArray y = c.getOutputArray(0);
        if (!LayerNormKernel.accepts(x, gamma, dimensions(op.iArgs())) || !LayerNormKernel.dense(beta)
                || !LayerNormKernel.dense(y) || beta.length() != gamma.length()) {
            return false;
        }
        LayerNormKernel.forward(x, gamma, beta, y);
        return true;
    }

    private static boolean layerNormBackward(LayerNormBp op, OpContext c) {
        if (c.numInputArguments() != 4 || c.numOutputArguments() != 3) {
            return false;
        }
        INDArray x = c.getInputArray(0);
        INDArray gamma = c.getInputArray(1);
        INDArray dy = c.getInputArray(3);
        if (!LayerNormKernel.accepts(x, gamma, dimensions(op.iArgs())) || !LayerNormKernel.dense(dy)) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (!LayerNormKernel.dense(c.getOutputArray(i))) {
                return false;
            }
        }
        LayerNormKernel.backward(x, gamma, dy, c.getOutputArray(0), c.getOutputArray(1), c.getOutputArray(2));
        return true;
    }

    private static int[] dimensions(long[] iArgs) {
        int[] d = new int[iArgs.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (int) iArgs[i];
        }
        return d;
    }
}
