package org.clinicalbert.workbench.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Local masters with Spark's retry count, their task slots, and the failing attempt's line out of a job abort. */
class SparkSettingsTest {

    @Test
    void localMastersGetTheAttemptCountLocalModeOtherwiseIgnores() {
        assertEquals("local[2,4]", SparkSessions.withRetries("local[2]", 4));
        assertEquals("local[1,3]", SparkSessions.withRetries("local", 3));
        assertEquals("local[*,4]", SparkSessions.withRetries("local[*]", 4));
        assertEquals("local[2,1]", SparkSessions.withRetries("local[2,1]", 4), "the user's own count stays");
        assertThrows(IllegalArgumentException.class, () -> SparkSessions.withRetries("spark://h:7077", 4));
        assertEquals(2, SparkSessions.slots("local[2,4]"));
        assertEquals(1, SparkSessions.slots("local"));
        assertEquals(Runtime.getRuntime().availableProcessors(), SparkSessions.slots("local[*]"));
    }

    @Test
    void jobAbortMessageGivesTheTasksOwnError() {
        String abort = "Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times, most recent failure: "
                + "Lost task 0.3 in stage 3.0 (TID 7) (127.0.0.1 executor driver): java.lang.IllegalArgumentException: "
                + "model.max_seq_length 200 exceeds the model's max_position_embeddings 160\n"
                + "\tat org.clinicalbert.workbench.experiment.ExperimentRunner.openModel(ExperimentRunner.java:1)\n"
                + "\nDriver stacktrace:";
        assertEquals("model.max_seq_length 200 exceeds the model's max_position_embeddings 160",
                SparkErrors.message(new RuntimeException(abort)));
        assertEquals("first line", SparkErrors.message(new RuntimeException("first line\nsecond")));
        assertEquals("java.lang.NullPointerException", SparkErrors.message(new RuntimeException(
                "most recent failure: Lost task 1.0 in stage 1.0 (TID 1) (h executor 2): java.lang.NullPointerException\n")));
    }
}
