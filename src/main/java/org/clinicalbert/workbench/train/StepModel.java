package org.clinicalbert.workbench.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * What the training loop needs from a model: its parameters by (TensorFlow) name, the loss and its
 * gradients in training mode (dropout on), and outputs in inference mode (dropout off).
 */
public interface StepModel {

    /** Live parameter arrays, updated in place by the optimiser. */
    Map<String, INDArray> parameters();

    /**
     * Loss and gradients (same keys as {@link #parameters()} for trainable ones) for one batch, with dropout drawn
     * from {@code dropoutSeed} alone: the same seed gives the same masks, whatever ran before.
     */
    LossAndGradients lossAndGradients(Batch batch, long dropoutSeed);

    /** Inference-mode outputs (logits etc.) for one batch. */
    Map<String, INDArray> predict(Batch batch);

    record LossAndGradients(double loss, Map<String, INDArray> gradients) {
    }

    /**
     * The seed of a batch's dropout masks for {@code dropoutSeed}: the first long of ND4J's generator started
     * from it. That is the value the loop used when it seeded ND4J's global generator, so runs (and resumes of runs
     * started before) draw the same masks.
     */
    static long maskSeed(long dropoutSeed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(dropoutSeed).nextLong();
    }
}
