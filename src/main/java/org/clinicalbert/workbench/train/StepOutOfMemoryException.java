package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.runtime.ProcessMemory;

import java.util.Locale;

/**
 * A training step that could not get the memory it needs. Says how large the step was, how much memory the process
 * held and what to change; the loop's last checkpoint is untouched (checkpoints are written whole, between steps).
 */
public final class StepOutOfMemoryException extends RuntimeException {

    public StepOutOfMemoryException(int microBatchSize, int microBatches, Throwable cause) {
        super(message(microBatchSize, microBatches, cause), cause);
    }

    private static String message(int microBatchSize, int microBatches, Throwable cause) {
        String what = microBatches > 1
                ? microBatches + " micro-batches of " + microBatchSize + " examples"
                : "a batch of " + microBatchSize + " examples";
        return String.format(Locale.ROOT, "out of memory in a training step (%s; %s resident of %s on this machine; %s). "
                        + "Train the same batch in smaller pieces with gradient accumulation (train.grad_accum_steps "
                        + "in the experiment, --accum in bench), or use a smaller batch or max_seq_length; the last "
                        + "checkpoint is intact and --resume continues from it.",
                what, gigabytes(ProcessMemory.rssBytes()), gigabytes(ProcessMemory.totalBytes()), cause.getMessage());
    }

    private static String gigabytes(long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** Whether {@code t} is an allocation failure: Java's OutOfMemoryError or ND4J's native allocation error. */
    static boolean isAllocationFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && (m.contains("bad_alloc") || m.contains("Failed to allocate")
                    || m.contains("Physical memory usage is too high") || m.contains("Cannot allocate memory"))) {
                return true;
            }
        }
        return false;
    }
}
