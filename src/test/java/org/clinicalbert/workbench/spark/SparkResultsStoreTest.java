package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.cli.CliRun;
import org.clinicalbert.workbench.io.ResultsLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepFileLoader;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.clinicalbert.workbench.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps on Spark whose results go to a Hadoop file system URI ({@code file:} here: the same code path as hdfs: and
 * s3a:, without a cluster), and candidates killed mid-training on Spark then continued from their checkpoint by a
 * re-submit, on a local path and on the store, or on the store by Spark's next attempt: the scores are those of the
 * local sequential runner.
 */
class SparkResultsStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 48 training pairs in batches of 16: 3 steps an epoch, 9 in all; a checkpoint at each epoch's end (3, 6, 9). */
    static final int KILL_AT = 5;

    @TempDir
    Path dir;

    /** Stands for kill -9 of an executor: an Error, so nothing records an end and no final upload happens. */
    static final class HardKill extends Error {
        HardKill(long step) {
            super("killed at step " + step);
        }
    }

    /** Kills every run that starts fresh at step {@link #KILL_AT} (after the step-3 checkpoint); resumed runs go on. */
    static TrainingListener killer(String label) {
        return new TrainingListener() {
            private boolean fresh;

            @Override
            public void onStart(long totalSteps, long completedSteps) {
                fresh = completedSteps == 0;
            }

            @Override
            public void onStep(long step, int epoch, double loss, double learningRate, double gradNorm, long tokens) {
                if (fresh && step == KILL_AT) {
                    throw new HardKill(step);
                }
            }
        };
    }

    static CliRun workbench(String... args) {
        return CliRun.of(args);
    }

    /** Two candidates of the small demo, three epochs each. */
    static Path grid(Path dir) throws IOException {
        return grid(dir, "[24, 16]");
    }

    /** Candidates of the small demo over {@code lengths} (a YAML list of model.max_seq_length), three epochs each. */
    static Path grid(Path dir, String lengths) throws IOException {
        Path exp = SparkSweepCommandTest.smallDemo(dir);
        Path sweep = dir.resolve("grid.yaml");
        Files.writeString(sweep, """
                experiment: %s
                search: grid
                set:
                  train.lr: 3.0e-3
                  train.epochs: 3
                parameters:
                  model.max_seq_length: %s
                score: dev.accuracy
                """.formatted(exp, lengths));
        return sweep;
    }

    static RunnerSetup setup() {
        Path base = Path.of("").toAbsolutePath();
        return RunnerSetup.of(ModelRegistry.DEFAULT_FILE, ModelRegistry.modelsDir(null, System.getenv(), base), base);
    }

    /**
     * The sweep on {@code local[2]} with every candidate killed mid-training, Spark's retries off (one attempt), as
     * {@code SparkJobs.sweep} runs it: into {@code out}, a local folder or a store URI.
     */
    static SweepOutcome killedSweep(Path sweepFile, String out) throws Exception {
        return killedSweep(sweepFile, out, 1);
    }

    /** @param attempts Spark's attempts per task: past 1, a killed task is retried (and resumed) at once */
    static SweepOutcome killedSweep(Path sweepFile, String out, int attempts) throws Exception {
        RunnerSetup setup = setup();
        SweepConfig sweep = new SweepFileLoader(setup.loader()).load(sweepFile);
        SparkSession session = SparkSessions.open("local[2]", "killed-sweep", attempts);
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
            SparkSweepRunner runner = new SparkSweepRunner(new SparkTaskRunner(sc, 2), setup, setup.loader())
                    .with(SparkResultsStoreTest::killer);
            if (!ResultsLocation.isUri(out)) {
                return runner.run(sweep.withOutputDir(Path.of(out)), null, false, null, null);
            }
            try (DriverStaging staging = DriverStaging.open(ResultsStore.open(out))) {
                return runner.on(staging).run(sweep.withOutputDir(staging.local()), null, false, null, null);
            }
        } finally {
            session.stop();
            System.clearProperty(ThreadPolicy.TASK_THREADS_PROPERTY);
        }
    }

    private static List<Path> runs(Path candidateDir) throws IOException {
        try (Stream<Path> s = Files.list(candidateDir)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Both candidates finished with the local runner's scores, each in exactly one run folder. */
    private static void sameAsLocal(JsonNode local, Path sweepDir) throws IOException {
        JsonNode b = JSON.readTree(sweepDir.resolve("sweep.json").toFile());
        assertEquals(2, b.get("finished").asInt(), b.toString());
        for (int i = 0; i < 2; i++) {
            JsonNode la = local.get("candidates").get(i);
            JsonNode sb = b.get("candidates").get(i);
            assertEquals("finished", sb.get("status").asText());
            assertEquals(la.get("score").asDouble(), sb.get("score").asDouble(), 0.0, "candidate " + (i + 1));
            assertEquals(la.get("dev"), sb.get("dev"));
            assertEquals(la.get("test"), sb.get("test"));
            assertEquals(1, runs(sweepDir.resolve("candidate-" + (i + 1))).size(), "one run of candidate " + (i + 1));
        }
    }

    @Test
    void killedCandidatesResumeFromTheirCheckpointOnALocalPathAndOnAFileUriStore() throws Exception {
        Path sweep = grid(dir);
        Path local = dir.resolve("local");
        CliRun l = workbench("sweep", sweep.toString(), "--out", local.toString(), "--no-progress");
        assertEquals(0, l.code(), l.err());
        JsonNode baseline = JSON.readTree(local.resolve("sweep.json").toFile());

        // on a local path: killed after the step-3 checkpoint, then the same sweep submitted again
        Path onSpark = dir.resolve("spark");
        SweepOutcome killed = killedSweep(sweep, onSpark.toString());
        assertEquals(2, killed.failed());
        assertTrue(killed.records().get(0).error().contains("killed at step " + KILL_AT), killed.records().toString());
        Path run1 = runs(onSpark.resolve("candidate-1")).get(0);
        assertTrue(Files.exists(run1.resolve("checkpoints/last.ckpt")));
        CliRun again = workbench("sweep", sweep.toString(), "--out", onSpark.toString(), "--spark", "local[2]");
        assertEquals(0, again.code(), again.err());
        sameAsLocal(baseline, onSpark);
        assertEquals(run1, runs(onSpark.resolve("candidate-1")).get(0), "the killed run's folder was continued");

        // on a store: the checkpoint reached it while the run went on (a hard kill uploads nothing at its end)
        Path storeDir = dir.resolve("store");
        String uri = "file:" + storeDir;
        killed = killedSweep(sweep, uri);
        assertEquals(2, killed.failed());
        Path storeRun = runs(storeDir.resolve("candidate-1")).get(0);
        assertTrue(Files.exists(storeRun.resolve("checkpoints/last.ckpt")), "mirrored at a checkpoint");
        JsonNode status = JSON.readTree(storeRun.resolve("status.json").toFile());
        assertEquals("running", status.get("state").asText(), "killed: no end recorded");
        assertEquals(3, status.get("last_checkpoint_step").asInt(), status.toString());
        assertEquals(2, JSON.readTree(storeDir.resolve("sweep.json").toFile()).get("failed").asInt());

        CliRun resumed = workbench("sweep", sweep.toString(), "--out", uri, "--spark", "local[2]");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("results in " + uri), resumed.out());
        sameAsLocal(baseline, storeDir);
        assertEquals(storeRun, runs(storeDir.resolve("candidate-1")).get(0), "the killed run's folder was continued");
        assertStoreTidy(storeDir, uri);

        // with Spark's retries on, the next attempt of each killed task (a new staging folder, as on another
        // executor) continues from the checkpoint on the store within the same submission
        Path retried = dir.resolve("store-retried");
        SweepOutcome recovered = killedSweep(sweep, "file:" + retried, 2);
        assertEquals(2, recovered.finished(), recovered.records().toString());
        sameAsLocal(baseline, retried);
        assertStoreTidy(retried, "file:" + retried);

        // re-submitted once more: both read back from the store, nothing runs
        CliRun reused = workbench("sweep", sweep.toString(), "--out", uri, "--spark", "local[2]");
        assertEquals(0, reused.code(), reused.err());
        assertTrue(reused.out().contains("(#2) model.max_seq_length=16: finished earlier, reused"), reused.out());
        sameAsLocal(baseline, storeDir);
    }

    /** The store holds the results only: no temp files, locks, checksum files; reports name store URIs. */
    static void assertStoreTidy(Path storeDir, String uri) throws IOException {
        for (Path f : files(storeDir)) {
            String name = f.getFileName().toString();
            assertFalse(name.startsWith(".") || name.equals("run.lock") || name.endsWith(".crc"), f.toString());
        }
        for (String report : List.of("sweep.json", "sweep.csv", "sweep.md", "status.json", "sweep.png")) {
            assertTrue(Files.exists(storeDir.resolve(report)), report);
        }
        String ledger = Files.readString(storeDir.resolve("sweep.json"));
        assertFalse(ledger.contains("workbench-results-"), "no staging path: " + ledger);
        assertTrue(ledger.contains(uri + "/candidate-1/"), ledger);
        JsonNode status = JSON.readTree(storeDir.resolve("status.json").toFile());
        assertEquals("finished", status.get("state").asText(), status.toString());
    }

    @Test
    void aUriWithoutSparkOrWithAnUnknownSchemeIsOneLineAndExitTwo() throws Exception {
        Path sweep = grid(dir);
        CliRun noSpark = workbench("sweep", sweep.toString(), "--out", "file://" + dir);
        assertEquals(2, noSpark.code(), noSpark.err());
        assertTrue(noSpark.err().contains("needs --spark"), noSpark.err());

        CliRun s3 = workbench("sweep", sweep.toString(), "--out", "s3a://bucket/sweeps/x", "--spark", "local[2]");
        assertEquals(2, s3.code(), s3.err());
        assertEquals(1, s3.err().strip().lines().count(), s3.err());
        assertTrue(s3.err().contains("s3a://bucket/sweeps/x") && s3.err().contains("org.apache.hadoop:hadoop-aws:3.3.2"),
                s3.err());
        assertFalse(s3.out().contains("candidate 1/"), "no candidate started: " + s3.out());
    }
}
