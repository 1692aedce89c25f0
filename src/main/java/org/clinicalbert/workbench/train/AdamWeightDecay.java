package org.clinicalbert.workbench.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
     * One update in place: clips {@code grads} by global norm, then updates each parameter of {@code params}
     * that has a gradient. Whole float/double arrays take {@link OnePassUpdate} (one pass over memory for all of
     * them, {@code grads} left as they were); views and mixed types the array formulation ({@code grads} then
     * serve as scratch space). Returns the global norm before clipping.
     */
    public double step(Map<String, INDArray> params, Map<String, INDArray> grads, double lr) {
        double norm = globalNorm(grads);
        // tf.clip_by_global_norm: g * clip / max(norm, clip)
        double scale = maxGradNorm > 0 ? maxGradNorm / Math.max(norm, maxGradNorm) : 1.0;
        List<OnePassUpdate.Slot> onePass = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            String name = e.getKey();
            INDArray param = params.get(name);
            if (param == null) {
                throw new IllegalArgumentException("gradient for unknown parameter " + name);
            }
            INDArray g = e.getValue();
            INDArray mi = m.computeIfAbsent(name, k -> Nd4j.zeros(param.dataType(), param.shape()));
            INDArray vi = v.computeIfAbsent(name, k -> Nd4j.zeros(param.dataType(), param.shape()));
            double decay = weightDecay != 0 && decays(name) ? weightDecay : 0.0;
            DataType type = param.dataType();
            if (OnePassUpdate.accepts(param, type) && OnePassUpdate.accepts(g, type) && OnePassUpdate.accepts(mi, type)
                    && OnePassUpdate.accepts(vi, type)) {
                onePass.add(new OnePassUpdate.Slot(param, g, mi, vi, decay));
                continue;
            }
            // views, mixed types: the same rule as array operations
            if (scale != 1.0) {
                g.muli(scale);
            }
            mi.muli(beta1).addi(g.mul(1 - beta1));
            vi.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray update = mi.div(Transforms.sqrt(vi, true).addi(epsilon));
            if (decay != 0) {
                update.addi(param.mul(decay));
            }
            param.subi(update.muli(lr));
        }
        OnePassUpdate.apply(onePass, new OnePassUpdate.Constants(beta1, beta2, epsilon, lr, scale));
        return norm;
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
