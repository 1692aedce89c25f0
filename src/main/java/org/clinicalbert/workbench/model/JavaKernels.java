package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNorm;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNormBp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ops of the BERT graph that the session ({@link SessionMemory}) computes in Java (or hands straight to BLAS)
 * instead of libnd4j's op kernels, because
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
        if (op instanceof Mmul mmul) {
            return product(mmul, context);
        }
        if (op instanceof MmulBp bp) {
            return productBackward(bp, context);
        }
        return false;
    }

    /**
     * {@code z = op(x) · op(y)} for matrices, straight to BLAS {@code sgemm} ({@link Nd4j#gemm}): M2.1's
     * {@code matmul} op ran BERT-base's dense products at ~108 GFLOP/s in the graph and 136-160 alone, where
     * sgemm on the same arrays runs at 170-190 (2 AVX2 cores, measured side by side: results/bench/README.md).
     * Rank-4 (attention) products stay with libnd4j's batched kernel.
     */
    private static boolean product(Mmul op, OpContext c) {
        if (c.numInputArguments() != 2 || c.numOutputArguments() != 1) {
            return false;
        }
        long[] t = op.iArgs();
        double[] ab = op.tArgs();
        boolean plainScale = ab.length == 0 || (ab[0] == 1.0 && (ab.length < 2 || ab[1] == 0.0));
        if (!plainScale || flag(t, 2)) {
            return false;
        }
        INDArray x = c.getInputArray(0);
        INDArray y = c.getInputArray(1);
        INDArray z = c.getOutputArray(0);
        if (!matrix(x) || !matrix(y) || !matrix(z) || z.ordering() != 'c') {
            return false;
        }
        Nd4j.gemm(x, y, z, flag(t, 0), flag(t, 1), 1.0, 0.0);
        return true;
    }

    /** The two gradients of {@link #product}: each one {@code sgemm} with the operands' transposes. */
    private static boolean productBackward(MmulBp op, OpContext c) {
        if (c.numInputArguments() != 3 || c.numOutputArguments() != 2) {
            return false;
        }
        long[] t = op.iArgs();
        if (flag(t, 2)) {
            return false;
        }
        INDArray x = c.getInputArray(0);
        INDArray y = c.getInputArray(1);
        INDArray g = c.getInputArray(2);
        INDArray dx = c.getOutputArray(0);
        INDArray dy = c.getOutputArray(1);
        if (!matrix(x) || !matrix(y) || !matrix(g) || !matrix(dx) || !matrix(dy)
                || dx.ordering() != 'c' || dy.ordering() != 'c') {
            return false;
        }
        boolean tx = flag(t, 0);
        boolean ty = flag(t, 1);
        // z = op(x) op(y), dL/dz = g:
        if (!tx && !ty) {            // z = x y:     dx = g yT,   dy = xT g
            Nd4j.gemm(g, y, dx, false, true, 1.0, 0.0);
            Nd4j.gemm(x, g, dy, true, false, 1.0, 0.0);
        } else if (!tx) {            // z = x yT:    dx = g y,    dy = gT x
            Nd4j.gemm(g, y, dx, false, false, 1.0, 0.0);
            Nd4j.gemm(g, x, dy, true, false, 1.0, 0.0);
        } else if (!ty) {            // z = xT y:    dx = y gT,   dy = x g
            Nd4j.gemm(y, g, dx, false, true, 1.0, 0.0);
            Nd4j.gemm(x, g, dy, false, false, 1.0, 0.0);
        } else {                     // z = xT yT:   dx = yT gT,  dy = gT xT
            Nd4j.gemm(y, g, dx, true, true, 1.0, 0.0);
            Nd4j.gemm(g, x, dy, true, true, 1.0, 0.0);
        }
        return true;
    }

    /** A whole (not a view) rank-2 float array, C or F order, that sgemm reads in place. */
    private static boolean matrix(INDArray a) {
        return a.rank() == 2 && a.dataType() == DataType.FLOAT && !a.isView() && a.elementWiseStride() == 1
                && a.length() > 0;
    }

    private static boolean flag(long[] iArgs, int i) {
        return iArgs.length > i && iArgs[i] != 0;
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
