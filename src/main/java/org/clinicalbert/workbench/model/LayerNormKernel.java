package org.clinicalbert.workbench.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * LayerNorm over the last axis of a {@code [N, H]} float array and its gradient, as google's {@code layer_norm}
 * computes it ({@code (x - mean) / sqrt(var + 1e-12) * gamma + beta}, population variance), in Java on the
 * arrays' native buffers.
 *
 * <p>Why not libnd4j's {@code layer_norm}/{@code layer_norm_bp}: at BERT-base size M2.1's backward takes ~23 ms
 * per {@code [1024, 768]} call (0.6 s of a 7 s training step for 25 calls) and the forward ~6 ms, where the
 * arithmetic is a few passes over 3 MB; its forward also has no epsilon. {@link JavaKernels} runs these two
 * instead of the native ops for the shapes the BERT graph produces. Rows are split across the common fork-join
 * pool; each task sums its own gamma/beta gradient rows, added up at the end.
 */
final class LayerNormKernel {

    /** TF's {@code layer_norm} epsilon (modeling.py). */
    static final double EPSILON = 1e-12;
    /** Rows per task. */
    private static final int ROWS = 64;

    private LayerNormKernel() {
    }

    /** Whether {@code x} is the {@code [N, H]} dense float array, normalised over axis 1, that this kernel takes. */
    static boolean accepts(INDArray x, INDArray gamma, int[] dimensions) {
        return x.rank() == 2 && dimensions != null && dimensions.length == 1 && (dimensions[0] == 1 || dimensions[0] == -1)
                && dense(x) && dense(gamma) && gamma.length() == x.size(1);
    }

    static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && !a.isView() && a.ordering() == 'c' && a.elementWiseStride() == 1
                && a.length() < Integer.MAX_VALUE;
    }

    /** {@code y = normalise(x) * gamma + beta}. */
    static void forward(INDArray x, INDArray gamma, INDArray beta, INDArray y) {
        int n = (int) x.size(0);
        int h = (int) x.size(1);
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer g = gamma.data().asNioFloat();
        FloatBuffer b = beta.data().asNioFloat();
        FloatBuffer ys = y.data().asNioFloat();
        IntStream.range(0, (n + ROWS - 1) / ROWS).parallel().forEach(block -> {
            float[] row = new float[h];
            for (int r = block * ROWS; r < Math.min(n, (block + 1) * ROWS); r++) {
                int off = r * h;
                xs.get(off, row);
                double[] stats = meanAndInverseStd(row);
                float mean = (float) stats[0];
                float inv = (float) stats[1];
                for (int j = 0; j < h; j++) {
                    row[j] = (row[j] - mean) * inv * g.get(j) + b.get(j);
                }
                ys.put(off, row);
            }
        });
    }

    /**
     * Gradients of {@code sum(dy * forward(x))}: {@code dx} (shape of x), {@code dGamma} and {@code dBeta}
     * ({@code [H]}), written into the given arrays.
     */
    static void backward(INDArray x, INDArray gamma, INDArray dy, INDArray dx, INDArray dGamma, INDArray dBeta) {
        int n = (int) x.size(0);
        int h = (int) x.size(1);
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer dys = dy.data().asNioFloat();
        FloatBuffer dxs = dx.data().asNioFloat();
        float[] g = new float[h];
        gamma.data().asNioFloat().get(0, g);
        int blocks = (n + ROWS - 1) / ROWS;
        double[][] partial = new double[blocks][];
        IntStream.range(0, blocks).parallel().forEach(block -> {
            float[] row = new float[h];
            float[] grad = new float[h];
            double[] sums = new double[2 * h];            // dGamma then dBeta for this block's rows
            for (int r = block * ROWS; r < Math.min(n, (block + 1) * ROWS); r++) {
                int off = r * h;
                xs.get(off, row);
                dys.get(off, grad);
                double[] stats = meanAndInverseStd(row);
                float mean = (float) stats[0];
                float inv = (float) stats[1];
                double sumDxhat = 0;
                double sumDxhatXhat = 0;
                for (int j = 0; j < h; j++) {
                    float xhat = (row[j] - mean) * inv;
                    float dxhat = grad[j] * g[j];
                    sums[j] += grad[j] * xhat;
                    sums[h + j] += grad[j];
                    sumDxhat += dxhat;
                    sumDxhatXhat += dxhat * xhat;
                    row[j] = xhat;
                }
                float meanDxhat = (float) (sumDxhat / h);
                float meanDxhatXhat = (float) (sumDxhatXhat / h);
                for (int j = 0; j < h; j++) {
                    grad[j] = inv * (grad[j] * g[j] - meanDxhat - row[j] * meanDxhatXhat);
                }
                dxs.put(off, grad);
            }
            partial[block] = sums;
        });
        FloatBuffer dg = dGamma.data().asNioFloat();
        FloatBuffer db = dBeta.data().asNioFloat();
        for (int j = 0; j < h; j++) {
            double sg = 0;
            double sb = 0;
            for (double[] p : partial) {
                sg += p[j];
                sb += p[h + j];
            }
            dg.put(j, (float) sg);
            db.put(j, (float) sb);
        }
    }

    /** Mean and {@code 1 / sqrt(population variance + epsilon)} of one row, accumulated in double. */
    private static double[] meanAndInverseStd(float[] row) {
        double sum = 0;
        for (float v : row) {
            sum += v;
        }
        double mean = sum / row.length;
        double sq = 0;
        for (float v : row) {
            double d = v - mean;
            sq += d * d;
        }
        return new double[]{mean, 1.0 / Math.sqrt(sq / row.length + EPSILON)};
    }
}
