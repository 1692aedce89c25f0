package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.sweep.MovableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;
import org.clinicalbert.workbench.sweep.CandidateRecord;
import org.clinicalbert.workbench.sweep.SweepCandidate;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepFileLoader;
import org.clinicalbert.workbench.sweep.SweepListener;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.clinicalbert.workbench.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sweep --spark --split-folds} with {@code max_minutes}: the limit passes while a candidate's first fold
 * runs (an injected clock, moved when the candidate starts), so its other folds never start. The candidate is
 * recorded failed, naming them; a re-submit trains only those folds, then writes its summary: no fold trains twice.
 * On a local path and on a results store ({@code file:} URI).
 */
class SparkSplitFoldsDeadlineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fresh training starts per (sub-)run label, across both submissions (local[N] tasks share this JVM). */
    static final Map<String, AtomicInteger> STARTS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;


    static TrainingListener counting(String label) {
        return new TrainingListener() {
            @Override
            public void onStart(long totalSteps, long completedSteps) {
                STARTS.computeIfAbsent(label, k -> new AtomicInteger()).incrementAndGet();
            }
        };
    }

    @Test
    void foldsTheTimeLimitDroppedRunOnReSubmitAndNoFoldTrainsTwice() throws Exception {
        cutThenFinished(null);
    }

    /** The same on a store (file: URI): fold tasks download and upload their own fold folders only. */
    @Test
    void onAResultsStoreToo() throws Exception {
        cutThenFinished("file:" + dir.resolve("store"));
    }

    /** @param uri the results store, or null: the sweep folder is a local path */
    private void cutThenFinished(String uri) throws Exception {
        Path sweepFile = dir.resolve("folds.yaml");
        Files.writeString(sweepFile, """
                experiment: experiments/demo-ner.yaml
                max_minutes: 5
                set:
                  eval.cv_folds: 3
                  train.epochs: 1
                  model.max_seq_length: 24
                parameters:
                  train.lr: [1.0e-3]
                score: dev.f1
                """);
        RunnerSetup setup = SparkResultsStoreTest.setup();
        Path results = uri == null ? dir.resolve("sweep") : dir.resolve("store");
        SweepConfig sweep = new SweepFileLoader(setup.loader()).load(sweepFile).withOutputDir(results);
        STARTS.clear();
        MovableClock clock = new MovableClock();
        // the limit passes once the candidate's first fold has been let through
        SweepListener timePasses = new SweepListener() {
            @Override
            public void candidateStarted(SweepCandidate c, int position, int of, boolean reused) {
                clock.move(Duration.ofMinutes(6));
            }
        };
        SparkSession session = SparkSessions.open("local[2]", "split-folds-deadline", 1);
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
            SweepOutcome cut = run(new SparkTaskRunner(sc, 2, clock), setup, sweep, uri, timePasses);
            assertEquals(1, cut.failed());
            CandidateRecord r = cut.records().get(0);
            assertTrue(r.error().contains("fold(s) 2, 3 of 3 started"), r.error());
            Path candidate = results.resolve("candidate-1");
            Path run;
            try (Stream<Path> s = Files.list(candidate)) {
                run = s.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            assertTrue(Files.exists(run.resolve("fold-1/metrics.json")));
            assertFalse(Files.exists(run.resolve("fold-2/metrics.json")));
            assertFalse(Files.exists(run.resolve("metrics.json")));
            assertEquals(Map.of("fold 1/3", 1), counts());

            // re-submitted (its own clock: the time limit counts from each submission)
            SweepOutcome done = run(new SparkTaskRunner(sc, 2, new MovableClock()), setup, sweep, uri, null);
            assertEquals(0, done.failed());
            assertEquals(1, done.finished());
            assertNull(done.records().get(0).error());
            assertEquals(Map.of("fold 1/3", 1, "fold 2/3", 1, "fold 3/3", 1), counts(), "each fold trained once");
            try (Stream<Path> s = Files.list(candidate)) {
                assertEquals(List.of(run), s.filter(Files::isDirectory).toList(), "the cut run was completed");
            }
            JsonNode m = JSON.readTree(run.resolve("metrics.json").toFile());
            assertEquals(3, m.get("folds").size());
            assertEquals(m.get("dev").get("f1").get("mean").asDouble(), done.best().score(), 0.0);
            if (uri != null) {
                assertEquals("finished", JSON.readTree(run.resolve("status.json").toFile()).get("state").asText());
                assertTrue(Files.exists(run.resolve("fold-3/model/bert_config.json")));
                assertTrue(Files.readString(results.resolve("sweep.json")).contains(uri + "/candidate-1/"));
            }
        } finally {
            session.stop();
            System.clearProperty(ThreadPolicy.TASK_THREADS_PROPERTY);
        }
    }

    /** One submission, as SparkJobs.sweep makes it: on a store, a new driver staging folder each time. */
    private static SweepOutcome run(SparkTaskRunner tasks, RunnerSetup setup, SweepConfig sweep, String uri,
                                    SweepListener listener) throws Exception {
        SparkSweepRunner runner = new SparkSweepRunner(tasks, setup, setup.loader())
                .with(SparkSplitFoldsDeadlineTest::counting);
        if (uri == null) {
            return runner.run(sweep, null, true, listener, null);
        }
        try (DriverStaging staging = DriverStaging.open(ResultsStore.open(uri))) {
            return runner.on(staging).run(sweep.withOutputDir(staging.local()), null, true, listener, null);
        }
    }

    private static Map<String, Integer> counts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        STARTS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
