package org.clinicalbert.workbench.spark;

import java.io.Serializable;

/**
 * The executor side of every task: bind the task's GPU, if Spark assigned one, then run the task. A path the task
 * needs that this executor lacks ends the task with a reply saying so, not a failed attempt: Spark would only retry
 * it (four times by default) to the same end.
 */
final class TaskExecution {

    private TaskExecution() {
    }

    /** What one task sends back: its result, or the line naming the path missing on the executor. */
    record Reply<R extends Serializable>(R result, String missingPath) implements Serializable {
    }

    static <R extends Serializable> Reply<R> execute(SparkTask<R> task) throws Exception {
        GpuBinding.bindTaskGpu();
        try {
            return new Reply<>(task.run(), null);
        } catch (ExecutorPaths.Missing e) {
            return new Reply<>(null, e.getMessage());
        }
    }
}
