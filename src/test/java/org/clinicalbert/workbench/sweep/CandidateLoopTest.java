package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The candidate loop with a stand-in executor: the order it hands candidates over, resume, the deadline. */
class CandidateLoopTest {

    private static final String GRID = """
            parameters:
              train.lr: [1.0e-3, 2.0e-3]
              train.epochs: [1, 2]
            score: dev.accuracy
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void experiment() throws Exception {
        SweepFixtures.experiment(dir);
    }

    private SweepConfig sweep(String body) throws Exception {
        return new SweepFileLoader(SweepFixtures.LOADER).load(SweepFixtures.sweepFile(dir, body));
    }

    /** Records what it is handed; finishes a candidate (a finished run folder) unless {@code fails} says not. */
    private static final class FakeExecutor implements CandidateExecutor {
        final List<SweepCandidate> handed = new ArrayList<>();
        final List<ExperimentConfig> configs = new ArrayList<>();
        private final SweepFixtures.FakeRunner runner = new SweepFixtures.FakeRunner(c -> c.train().lr() * 100);
        private final IntPredicate fails;
        private final Runnable each;

        FakeExecutor(IntPredicate fails, Runnable each) {
            this.fails = fails;
            this.each = each;
        }

        @Override
        public void execute(SweepSession session, SweepCandidate c, ExperimentConfig config) throws IOException {
            handed.add(c);
            configs.add(config);
            each.run();
            int position = session.started(c, false);
            if (fails.test(c.number())) {
                session.recordFailed(c, position, "stand-in failure", 0);
                return;
            }
            ExperimentRunner.Result r = runner.run(config, true);
            session.recordFinished(c, position, r.runDir(), r.metrics(), false, 0);
        }
    }

    private static SweepOutcome loop(SweepConfig sweep, Integer max, FakeExecutor executor, Deadline deadline)
            throws Exception {
        try (SweepSession session = SweepSession.open(sweep, max, null, null)) {
            new CandidateLoop(SweepFixtures.LOADER).visit(session, executor, deadline);
            return session.finish();
        }
    }

    private static List<Integer> numbers(List<SweepCandidate> cs) {
        return cs.stream().map(SweepCandidate::number).toList();
    }

    @Test
    void handsOverTheSessionsCandidatesInItsOrderEachWithItsOwnConfig() throws Exception {
        String random = """
                search: random
                candidates: 4
                seed: 7
                parameters:
                  train.lr: {min: 1.0e-4, max: 1.0e-2, log: true}
                score: dev.accuracy
                """;
        SweepConfig sweep = sweep(random);
        List<SweepCandidate> listed;
        try (SweepSession session = SweepSession.open(sweep, null, null, null)) {
            listed = session.candidates();
        }
        FakeExecutor executor = new FakeExecutor(n -> false, () -> { });
        SweepOutcome o = loop(sweep, null, executor, null);
        assertEquals(listed, executor.handed);
        for (int i = 0; i < listed.size(); i++) {
            assertEquals((Double) listed.get(i).parameters().get("train.lr"), executor.configs.get(i).train().lr());
            assertEquals(dir.resolve("out").resolve("candidate-" + listed.get(i).number()),
                    executor.configs.get(i).output().dir(), "each candidate runs into its own folder");
        }
        assertEquals("complete", o.state());
        assertEquals(numbers(listed), o.records().stream().map(CandidateRecord::number).toList());
    }

    @Test
    void resumeSkipsFinishedCandidatesOnlyAndReadsThemBack() throws Exception {
        SweepConfig sweep = sweep(GRID);
        // first invocation: candidates 1 and 2 of 4; 1 fails
        FakeExecutor first = new FakeExecutor(n -> n == 1, () -> { });
        SweepOutcome partial = loop(sweep, 2, first, null);
        assertEquals(List.of(1, 2), numbers(first.handed));
        assertEquals(1, partial.failed());

        FakeExecutor second = new FakeExecutor(n -> false, () -> { });
        SweepOutcome full = loop(sweep, null, second, null);
        assertEquals(List.of(1, 3, 4), numbers(second.handed), "the failed candidate runs again; the finished one not");
        assertEquals(4, full.finished());
        CandidateRecord two = full.records().get(1);
        assertEquals(2, two.number());
        assertTrue(two.reused());
        assertEquals(partial.records().get(1).score(), two.score());
        assertFalse(full.records().get(0).reused());
    }

    @Test
    void aCandidateWhoseFolderCannotBeReadFailsAndTheLoopGoesOn() throws Exception {
        SweepConfig sweep = sweep(GRID);
        // candidate 2 "finished" earlier, but its metrics.json is cut short
        Path run = dir.resolve("out/candidate-2/20260101-000000");
        Files.createDirectories(run);
        Files.writeString(run.resolve("status.json"), "{\"state\":\"finished\"}");
        Files.writeString(run.resolve("metrics.json"), "{\"dev\": {");
        FakeExecutor executor = new FakeExecutor(n -> false, () -> { });
        SweepOutcome o = loop(sweep, null, executor, null);
        assertEquals(List.of(1, 3, 4), numbers(executor.handed));
        CandidateRecord two = o.records().get(1);
        assertEquals(2, two.number());
        assertEquals(CandidateRecord.Status.FAILED, two.status());
        assertTrue(String.valueOf(two.error()).contains("metrics.json"), two.error());
        assertEquals("complete", o.state());
    }

    @Test
    void deadlineStopsBetweenCandidatesNeverDuringOne() throws Exception {
        SweepConfig sweep = sweep(GRID + "max_minutes: 1.0\n");
        MovableClock clock = new MovableClock();
        // each candidate "takes" 40 s against a 60 s limit: 1 starts at 0 s, 2 at 40 s, 3 would start at 80 s
        FakeExecutor executor = new FakeExecutor(n -> false, () -> clock.move(Duration.ofSeconds(40)));
        SweepOutcome o = loop(sweep, null, executor, Deadline.of(sweep, clock));
        assertEquals(List.of(1, 2), numbers(executor.handed));
        assertEquals(2, o.records().size());
        assertEquals("stopped (time limit 1.0 min)", o.state());

        // the limit counts from each invocation; finished candidates are read back, not handed over
        MovableClock again = new MovableClock();
        FakeExecutor rest = new FakeExecutor(n -> false, () -> again.move(Duration.ofSeconds(40)));
        SweepOutcome done = loop(sweep, null, rest, Deadline.of(sweep, again));
        assertEquals(List.of(3, 4), numbers(rest.handed));
        assertEquals("complete", done.state());
    }
}
