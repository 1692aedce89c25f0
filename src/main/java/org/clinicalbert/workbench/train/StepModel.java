package org.clinicalbert.workbench.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * What the training loop needs from a model: its parameters by (TensorFlow) name, the loss and its
 * gradients in training mode (dropout on), and outputs in inference mode (dropout off).
 */
public interface StepModel {

    /** Live parameter arrays, updated in place by the optimiser. */
    Map<String, INDArray> parameters();

    /** Loss and gradients (same keys as {@link #parameters()} for trainable ones) for one batch. */
    LossAndGradients lossAndGradients(Batch batch);

    /** Inference-mode outputs (logits etc.) for one batch. */
    Map<String, INDArray> predict(Batch batch);

    record LossAndGradients(double loss, Map<String, INDArray> gradients) {
    }
}
