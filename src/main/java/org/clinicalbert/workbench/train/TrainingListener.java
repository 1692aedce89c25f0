package org.clinicalbert.workbench.train;

import java.util.Map;

/**
 * Progress callbacks of the training loop: the CLI draws progress bars from these, the run keeps its files on disk
 * current from them (experiment/ProgressFiles), tests may inject faults.
 */
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

    /** Every one of {@code listeners} (nulls skipped), in order, on every callback. */
    static TrainingListener all(TrainingListener... listeners) {
        java.util.List<TrainingListener> ls = java.util.Arrays.stream(listeners)
                .filter(java.util.Objects::nonNull).toList();
        return new TrainingListener() {
            @Override
            public void onStart(long totalSteps, long completedSteps) {
                ls.forEach(l -> l.onStart(totalSteps, completedSteps));
            }

            @Override
            public void onStep(long step, int epoch, double loss, double learningRate, double gradNorm, long tokens) {
                ls.forEach(l -> l.onStep(step, epoch, loss, learningRate, gradNorm, tokens));
            }

            @Override
            public void onEvaluation(long step, int epoch, Map<String, Double> metrics, boolean best) {
                ls.forEach(l -> l.onEvaluation(step, epoch, metrics, best));
            }

            @Override
            public void onCheckpoint(long step) {
                ls.forEach(l -> l.onCheckpoint(step));
            }
        };
    }
}
