package org.clinicalbert.workbench.spark;

import java.io.Serializable;

/**
 * What became of one task after Spark's retries: its result, or the error of its last attempt.
 *
 * @param seconds wall time from submission to the end of its job (queueing included)
 */
public record TaskOutcome<R extends Serializable>(SparkTask<R> task, R result, String error, double seconds) {

    public boolean ok() {
        return error == null;
    }
}
