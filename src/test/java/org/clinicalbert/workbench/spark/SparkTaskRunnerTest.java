package org.clinicalbert.workbench.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spark's retries reach each task, a task that keeps failing ends alone, follow-ups run, the deadline drops new work. */
class SparkTaskRunnerTest {

    /** Fails its first {@code failures} attempts, then reports the attempt that succeeded. */
    record Flaky(String name, int failures) implements SparkTask<Integer> {
        @Override
        public String describe() {
            return name;
        }

        @Override
        public Integer run() {
            int attempt = TaskContext.get().attemptNumber();
            if (attempt < failures) {
                throw new IllegalStateException(name + " attempt " + attempt + " failed");
            }
            return attempt;
        }
    }

    @Test
    void retriesFailuresFollowUpsAndDeadline() throws Exception {
        SparkSession session = SparkSessions.open("local[2]", "task-runner-test", 3);
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
            SparkTaskRunner runner = new SparkTaskRunner(sc, 2);
            List<TaskOutcome<Integer>> ended = new ArrayList<>();
            List<String> started = new ArrayList<>();
            runner.submit(new Flaky("steady", 0), () -> started.add("steady"), ended::add);
            runner.submit(new Flaky("flaky", 2), () -> started.add("flaky"), o -> {
                ended.add(o);
                runner.submitFollowUp(new Flaky("follow-up", 0), ended::add); // queued from a callback
            });
            runner.submit(new Flaky("broken", 5), () -> started.add("broken"), ended::add);
            assertEquals(List.of(), runner.awaitAll());

            assertEquals(List.of("steady", "flaky", "broken"), started);
            assertEquals(4, ended.size());
            TaskOutcome<Integer> steady = find(ended, "steady");
            assertEquals(0, steady.result());
            assertEquals(2, find(ended, "flaky").result(), "the third attempt (of 3 allowed) succeeded");
            assertEquals(0, find(ended, "follow-up").result());
            TaskOutcome<Integer> broken = find(ended, "broken");
            assertNull(broken.result());
            assertEquals("broken attempt 2 failed", broken.error(), "the last of 3 attempts' own message");

            SparkTaskRunner late = new SparkTaskRunner(sc, 2);
            late.deadline(Instant.now().minusSeconds(1));
            List<TaskOutcome<Integer>> none = new ArrayList<>();
            late.submit(new Flaky("too late", 0), null, none::add);
            List<SparkTask<?>> dropped = late.awaitAll();
            assertEquals(1, dropped.size());
            assertTrue(none.isEmpty());
        } finally {
            session.stop();
            System.clearProperty(org.clinicalbert.workbench.modelfolder.ThreadPolicy.TASK_THREADS_PROPERTY);
        }
    }

    private static TaskOutcome<Integer> find(List<TaskOutcome<Integer>> all, String name) {
        return all.stream().filter(o -> o.task().describe().equals(name)).findFirst().orElseThrow();
    }
}
