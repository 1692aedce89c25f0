package org.clinicalbert.workbench.train;

/**
 * Hyperparameters of one training run, fine-tuning or pretraining (google's run_classifier / run_pretraining
 * defaults where they have them).
 *
 * @param warmupSteps          optimiser steps of linear warm-up before the linear decay (google's
 *                             {@code num_warmup_steps}; fine-tuning derives it from a proportion with
 *                             {@link LinearWarmupDecay#warmupSteps})
 * @param evalEverySteps       also evaluate every N optimiser steps (0 = only after each epoch)
 * @param checkpointEverySteps also write the resumable checkpoint every N steps (0 = only after each epoch and on
 *                             the loop's timer)
 * @param earlyStoppingPatience stop after this many evaluations without improvement (0 = never)
 */
public record TrainOptions(int epochs, int gradAccumSteps, double learningRate, long warmupSteps,
                           double weightDecay, double maxGradNorm, long seed, int evalEverySteps,
                           int checkpointEverySteps, int earlyStoppingPatience) {

    public TrainOptions {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (gradAccumSteps < 1) throw new IllegalArgumentException("grad_accum_steps must be >= 1, got " + gradAccumSteps);
        if (learningRate <= 0) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (warmupSteps < 0) throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmupSteps);
    }
}
