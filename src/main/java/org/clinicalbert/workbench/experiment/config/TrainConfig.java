package org.clinicalbert.workbench.experiment.config;

/**
 * Fine-tuning hyperparameters.
 *
 * @param batchSize             examples per optimiser step; with {@code gradAccumSteps} > 1 each forward pass
 *                              sees {@code batchSize / gradAccumSteps} examples, as the study's run_classifier.py
 * @param evalEverySteps        evaluate on the dev set every this many optimiser steps; null = once per epoch
 * @param earlyStoppingPatience stop after this many evaluations without dev improvement; null = never
 * @param tensorboard           write TensorBoard event files as the run trains (experiment/TensorBoardLog)
 */
public record TrainConfig(double lr, int batchSize, int gradAccumSteps, int epochs, double warmupProportion,
                          double dropout, double weightDecay, double maxGradNorm, long seed,
                          Integer evalEverySteps, Integer earlyStoppingPatience, boolean tensorboard) {

    /**
     * The interval of resumable checkpoints in steps (null = after each epoch): the evaluation interval, so that a
     * resumed run restarts at an evaluated step; there is no key of its own.
     */
    public Integer checkpointEverySteps() {
        return evalEverySteps;
    }

    /** Examples per forward/backward pass. */
    public int microBatchSize() {
        return batchSize / gradAccumSteps;
    }
}
