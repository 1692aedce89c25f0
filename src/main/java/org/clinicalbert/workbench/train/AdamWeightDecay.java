package org.clinicalbert.workbench.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Google's {@code AdamWeightDecayOptimizer} (optimization.py), written here because ND4J's updaters cannot
 * express it: no bias correction, epsilon 1e-6, decoupled weight decay added to the update
 * ({@code m/(sqrt(v)+eps) + decay*param}) except for parameters whose name contains LayerNorm, layer_norm or
 * bias, and gradients clipped by their global norm first (needs all gradients at once, which SameDiff's
 * per-variable updater loop never has).
 */
public final class AdamWeightDecay {

    private static final Pattern NO_DECAY = Pattern.compile("LayerNorm|layer_norm|bias");

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double maxGradNorm;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();

    public AdamWeightDecay(double weightDecay, double maxGradNorm) {
        this(0.9, 0.999, 1e-6, weightDecay, maxGradNorm);
    }

    public AdamWeightDecay(double beta1, double beta2, double epsilon, double weightDecay, double maxGradNorm) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.maxGradNorm = maxGradNorm;
    }

    public static boolean decays(String name) {
        return !NO_DECAY.matcher(name).find();
    }

    /** L2 norm over all gradients together, as tf.clip_by_global_norm computes it. */
    public static double globalNorm(Map<String, INDArray> grads) {
        double sumSq = 0;
        for (INDArray g : grads.values()) {
            double n = g.norm2Number().doubleValue();
            sumSq += n * n;
        }
        return Math.sqrt(sumSq);
    }

    /**
     * One update in place: clips {@code grads} (modified) by global norm, then updates each parameter of
     * {@code params} that has a gradient. Returns the global norm before clipping.
     */
    public double step(Map<String, INDArray> params, Map<String, INDArray> grads, double lr) {
        double norm = globalNorm(grads);
        // tf.clip_by_global_norm: g * clip / max(norm, clip)
        double scale = maxGradNorm > 0 ? maxGradNorm / Math.max(norm, maxGradNorm) : 1.0;
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            String name = e.getKey();
            INDArray param = params.get(name);
            if (param == null) {
                throw new IllegalArgumentException("gradient for unknown parameter " + name);
            }
            INDArray g = e.getValue();
            if (scale != 1.0) {
                g.muli(scale);
            }
            INDArray mi = m.computeIfAbsent(name, k -> Nd4j.zeros(param.dataType(), param.shape()));
            INDArray vi = v.computeIfAbsent(name, k -> Nd4j.zeros(param.dataType(), param.shape()));
            // in place with one scratch array per parameter: at BERT-base each temporary is 440 MB over all
            // parameters, and the straightforward form (seven of them) cost a large share of a step
            mi.muli(beta1);
            axpy(1 - beta1, g, mi);  // m = b1 m + (1-b1) g
            INDArray scratch = g.mul(g);
            vi.muli(beta2);
            axpy(1 - beta2, scratch, vi);  // v = b2 v + (1-b2) g^2
            Nd4j.getExecutioner().exec(new Sqrt(vi, scratch));
            scratch.addi(epsilon).rdivi(mi);  // update = m / (sqrt(v) + eps)
            if (weightDecay != 0 && decays(name)) {
                axpy(weightDecay, param, scratch);        // + decay * param
            }
            axpy(-lr, scratch, param);
        }
        return norm;
    }

    /** {@code y += alpha * x} in place: BLAS axpy on whole, contiguous arrays of one type, else ND4J ops. */
    private static void axpy(double alpha, INDArray x, INDArray y) {
        if (plain(x) && plain(y) && x.dataType() == y.dataType() && x.length() == y.length()) {
            Level1 blas = Nd4j.getBlasWrapper().level1();
            blas.axpy(x.length(), alpha, x, y);
        } else {
            y.addi(x.mul(alpha));
        }
    }

    private static boolean plain(INDArray a) {
        return !a.isView() && a.ordering() == 'c' && a.elementWiseStride() == 1
                && (a.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
                    || a.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }

    /** First and second moments by parameter name, for checkpoints (live views, not copies). */
    public Map<String, INDArray> firstMoments() {
        return m;
    }

    public Map<String, INDArray> secondMoments() {
        return v;
    }

    /** Restores moments saved from {@link #firstMoments()} / {@link #secondMoments()}. */
    public void restore(Map<String, INDArray> firstMoments, Map<String, INDArray> secondMoments) {
        m.clear();
        v.clear();
        firstMoments.forEach((k, a) -> m.put(k, a.dup()));
        secondMoments.forEach((k, a) -> v.put(k, a.dup()));
    }
}
