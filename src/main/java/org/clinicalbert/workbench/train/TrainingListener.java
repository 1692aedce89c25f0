package org.clinicalbert.workbench.train;

import java.util.Map;

/** Progress callbacks of the training loop (the CLI draws progress bars from these; tests may inject faults). */
public interface TrainingListener {

    default void onStart(long totalSteps, long completedSteps) {
    }

    /** After optimiser step {@code step} (1-based count of completed steps). */
    default void onStep(long step, int epoch, double loss, double learningRate, double gradNorm, long tokens) {
    }

    default void onEvaluation(long step, int epoch, Map<String, Double> metrics, boolean best) {
    }

    default void onCheckpoint(long step) {
    }
}
