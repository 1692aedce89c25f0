package org.clinicalbert.workbench.train;

/**
 * Google's fine-tuning learning rate (optimization.py): linear warm-up from 0 to {@code peak} over
 * {@code warmupSteps}, otherwise polynomial decay with power 1 from {@code peak} to 0 at {@code totalSteps}.
 * As in google's code the step is the 0-based global step before the update, so step 0 has rate 0 when
 * there is warm-up.
 */
public record LinearWarmupDecay(double peak, long warmupSteps, long totalSteps) {

    public LinearWarmupDecay {
        if (peak < 0 || warmupSteps < 0 || totalSteps <= 0) {
            throw new IllegalArgumentException("bad schedule: peak=" + peak + " warmup=" + warmupSteps + " total=" + totalSteps);
        }
    }

    /** Warm-up length as google computes it: int(num_train_steps * warmup_proportion). */
    public static LinearWarmupDecay ofProportion(double peak, double warmupProportion, long totalSteps) {
        return new LinearWarmupDecay(peak, warmupSteps(warmupProportion, totalSteps), totalSteps);
    }

    /** google's {@code int(num_train_steps * warmup_proportion)}: the warm-up of a fine-tuning run. */
    public static long warmupSteps(double warmupProportion, long totalSteps) {
        if (warmupProportion < 0 || warmupProportion >= 1) {
            throw new IllegalArgumentException("warmup proportion must be in [0,1), got " + warmupProportion);
        }
        return (long) (totalSteps * warmupProportion);
    }

    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * step / warmupSteps;
        }
        double progress = Math.min(step, totalSteps) / (double) totalSteps;
        return peak * (1.0 - progress);
    }
}
