package org.clinicalbert.workbench.spark;

import java.io.Serializable;

/**
 * One independent unit of work as Spark ships it to an executor: a serializable description (paths, overrides,
 * settings) whose {@link #run()} does the work there with the workbench's own code. A task must be safe to run
 * again after a failed attempt (Spark retries it): every task here resumes from what an earlier attempt left.
 *
 * @param <R> what the driver gets back (small: scores and paths, not models)
 */
public interface SparkTask<R extends Serializable> extends Serializable {

    /** A short name for logs, the Spark UI and error lines, e.g. "candidate 3 fold 2/10". */
    String describe();

    R run() throws Exception;
}
