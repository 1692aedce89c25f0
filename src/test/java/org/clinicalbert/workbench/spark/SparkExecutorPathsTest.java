package org.clinicalbert.workbench.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.clinicalbert.workbench.cli.CliRun;
import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A path a task needs that its executor lacks: one line naming the key, the path and the host, exit 2, and a single
 * attempt (no retry of a task that cannot succeed), without a cluster: on a local master the path is missing on the
 * driver too, which never checks it (only the executor reads the data).
 */
class SparkExecutorPathsTest {

    @TempDir
    Path dir;

    /** Counts its attempts (local mode: one JVM, so the count is shared), then needs a path that is not there. */
    record NeedsPath(String path) implements SparkTask<Integer> {
        static final AtomicInteger ATTEMPTS = new AtomicInteger();

        @Override
        public String describe() {
            return "needs " + path;
        }

        @Override
        public Integer run() throws Exception {
            ATTEMPTS.incrementAndGet();
            ExecutorPaths.require("data.train", Path.of(path));
            return 1;
        }
    }

    @Test
    void aMissingPathEndsTheWorkAfterOneAttemptWithOneLineNamingTheHost() throws Exception {
        Path missing = dir.resolve("no-such.jsonl");
        SparkSession session = SparkSessions.open("local[2]", "executor-paths-test", 4);
        try {
            SparkTaskRunner runner = new SparkTaskRunner(JavaSparkContext.fromSparkContext(session.sparkContext()), 2);
            List<TaskOutcome<Integer>> ended = new ArrayList<>();
            NeedsPath.ATTEMPTS.set(0);
            runner.submit(new NeedsPath(missing.toString()), null, ended::add);
            UserInputException e = assertThrows(UserInputException.class, runner::awaitAll);
            assertEquals("data.train " + missing + ": not found on executor host "
                    + InetAddress.getLocalHost().getHostName() + " (the path must exist on every worker)", e.getMessage());
            assertEquals(1, NeedsPath.ATTEMPTS.get(), "Spark would allow 4 attempts: the check ends the task at once");
            assertTrue(ended.isEmpty(), "the command ends; no task outcome is recorded");
        } finally {
            session.stop();
            System.clearProperty(org.clinicalbert.workbench.modelfolder.ThreadPolicy.TASK_THREADS_PROPERTY);
        }
    }

    @Test
    void runWithARelativeDataPathMissingOnTheExecutorIsOneErrorLineAndExit2() throws Exception {
        // relative, as in an experiment file: the driver resolves it against its working directory before shipping
        String rel = "no-such-data-" + dir.getFileName() + "/mednli";
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("run", "experiments/demo.yaml", "--set", "data.corpus_dir=" + rel, "--set",
                "output.dir=" + out, "--set", "train.epochs=1", "--spark", "local[1]", "--no-progress");
        assertEquals(2, r.code(), r.out() + r.err());
        String expected = "error: data.corpus_dir " + Path.of(rel).toAbsolutePath().normalize()
                + ": not found on executor host " + InetAddress.getLocalHost().getHostName()
                + " (the path must exist on every worker)";
        assertEquals(expected, r.err().strip(), "one line, no stack trace");
        assertFalse(Files.exists(out), "no run folder: the task stopped before any work");
    }
}
