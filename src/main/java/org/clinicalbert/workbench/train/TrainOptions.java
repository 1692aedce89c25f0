package org.clinicalbert.workbench.train;

/**
 * Hyperparameters of one fine-tuning run (google's run_classifier defaults where it has them).
 *
 * @param evalEverySteps       also evaluate every N optimiser steps (0 = only after each epoch)
 * @param checkpointEverySteps also write the resumable checkpoint every N steps (0 = only after each epoch)
 * @param earlyStoppingPatience stop after this many evaluations without improvement (0 = never)
 */
public record TrainOptions(int epochs, int gradAccumSteps, double learningRate, double warmupProportion,
                           double weightDecay, double maxGradNorm, long seed, int evalEverySteps,
                           int checkpointEverySteps, int earlyStoppingPatience) {

    public TrainOptions {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (gradAccumSteps < 1) throw new IllegalArgumentException("grad_accum_steps must be >= 1, got " + gradAccumSteps);
        if (learningRate <= 0) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (warmupProportion < 0 || warmupProportion >= 1) {
            throw new IllegalArgumentException("warmup proportion must be in [0,1), got " + warmupProportion);
        }
    }
}
