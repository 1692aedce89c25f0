package org.clinicalbert.workbench.spark;

import java.io.Serializable;

/** The executor side of every task: bind the task's GPU, if Spark assigned one, then run the task. */
final class TaskExecution {

    private TaskExecution() {
    }

    static <R extends Serializable> R execute(SparkTask<R> task) throws Exception {
        GpuBinding.bindTaskGpu();
        return task.run();
    }
}
