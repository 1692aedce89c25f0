package org.clinicalbert.workbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep loop with a stand-in for fine-tuning: reports, failures, resume, limits. */
class SweepRunnerTest {

    private static final String GRID = """
            parameters:
              train.lr: [1.0e-3, 2.0e-3]
              train.epochs: [1, 2]
            score: dev.accuracy
            """;

    @TempDir
    Path dir;
    private Path out;

    @BeforeEach
    void experiment() throws Exception {
        SweepFixtures.experiment(dir);
        out = dir.resolve("out");
    }

    /** A made-up response surface: larger lr and more epochs score higher. */
    private static double accuracy(ExperimentConfig c) {
        return c.train().lr() * 100 + c.train().epochs() * 0.1;
    }

    private SweepConfig sweep(String body) throws Exception {
        return new SweepFileLoader(SweepFixtures.LOADER).load(SweepFixtures.sweepFile(dir, body));
    }

    private SweepOutcome run(String body, SweepFixtures.FakeRunner runner, Integer max) throws Exception {
        return new SweepRunner(SweepFixtures.LOADER, runner, null).run(sweep(body), max);
    }

    @Test
    void gridRunsEveryCandidateInItsOwnFolderAndReportsTheBest() throws Exception {
        var runner = new SweepFixtures.FakeRunner(SweepRunnerTest::accuracy);
        SweepOutcome o = run(GRID, runner, null);

        assertEquals(4, runner.calls.size());
        assertEquals("complete", o.state());
        assertEquals(4, o.finished());
        for (int i = 0; i < 4; i++) {
            ExperimentConfig c = runner.calls.get(i);
            assertEquals(out.resolve("candidate-" + (i + 1)), c.output().dir());
            assertEquals(64, c.model().maxSeqLength(), "keys not swept keep the experiment's values");
            assertTrue(Files.exists(out.resolve("candidate-" + (i + 1)).resolve("candidate.json")));
        }
        // best by the response surface: lr 2e-3, 2 epochs = the grid's last point
        assertEquals(4, o.best().number());
        assertEquals(0.2 + 0.2, o.best().score(), 1e-12);
        assertEquals(Map.of("train.lr", 2e-3, "train.epochs", 2), o.best().candidate().parameters());
        assertEquals(o.best().score() - 0.1, o.best().test().get("accuracy"), 1e-12);

        JsonNode json = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
        assertEquals(4, json.get("candidates").size());
        assertEquals(4, json.get("best").get("candidate").asInt());
        for (JsonNode c : json.get("candidates")) {
            assertEquals(c.get("candidate").asInt() == 4, c.get("best").asBoolean());
            assertEquals("finished", c.get("status").asText());
            assertEquals(accuracy(SweepFixtures.LOADER.load(dir.resolve("exp.yaml"), List.of(
                    "train.lr=" + c.get("parameters").get("train.lr").asDouble(),
                    "train.epochs=" + c.get("parameters").get("train.epochs").asInt()))), c.get("score").asDouble(), 1e-12);
        }

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(out.resolve("sweep.csv")))).getRecords();
        assertEquals(4, rows.size());
        assertEquals("0.001", rows.get(0).get("train.lr"));
        assertEquals("2", rows.get(3).get("train.epochs"));
        assertEquals("true", rows.get(3).get("best"));
        assertEquals(rows.get(3).get("score"), rows.get(3).get("dev.accuracy"));
        assertTrue(rows.get(0).isMapped("test.macro_f1"));

        String md = Files.readString(out.resolve("sweep.md"));
        assertTrue(md.contains("| 4 | **best** | **0.4000** | 0.002 | 2 |"), md);
        assertTrue(md.contains("- best: candidate 4, dev.accuracy = 0.4000"), md);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        for (String f : List.of("sweep.png", "sweep-lr.png")) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(out.resolve(f)), 4);
            assertArrayEquals(png, head, f);
        }
    }

    @Test
    void failedCandidateIsRecordedAndTheSweepGoesOn() throws Exception {
        var runner = new SweepFixtures.FakeRunner(c -> {
            if (c.train().lr() == 2e-3 && c.train().epochs() == 1) {
                throw new IllegalStateException("loss diverged");
            }
            return accuracy(c);
        });
        SweepOutcome o = run(GRID, runner, null);
        assertEquals(4, runner.calls.size(), "the candidates after the failure still ran");
        assertEquals(3, o.finished());
        assertEquals(1, o.failed());
        CandidateRecord failed = o.records().get(1);
        assertEquals(2, failed.number());
        assertEquals(CandidateRecord.Status.FAILED, failed.status());
        assertNull(failed.score());
        assertEquals("loss diverged", failed.error());
        assertEquals(4, o.best().number());
        JsonNode json = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
        assertEquals("failed", json.get("candidates").get(1).get("status").asText());
        assertEquals("loss diverged", json.get("candidates").get(1).get("error").asText());
        assertTrue(Files.readString(out.resolve("sweep.md")).contains("| 2 | failed: loss diverged |"));

        // a rerun retries the failed candidate only
        var again = new SweepFixtures.FakeRunner(SweepRunnerTest::accuracy);
        SweepOutcome o2 = run(GRID, again, null);
        assertEquals(1, again.calls.size());
        assertEquals(2e-3, again.calls.get(0).train().lr());
        assertEquals(1, again.calls.get(0).train().epochs());
        assertEquals(4, o2.finished());
    }

    @Test
    void rerunSkipsFinishedCandidates() throws Exception {
        var first = new SweepFixtures.FakeRunner(SweepRunnerTest::accuracy);
        SweepOutcome partial = run(GRID, first, 2);
        assertEquals(2, first.calls.size(), "--max-candidates caps the runner");
        assertEquals(2, partial.records().size());

        // candidate 3 was killed mid-run: its run folder is there but not finished
        Path killed = out.resolve("candidate-3").resolve("20260101-000000");
        Files.createDirectories(killed);
        Files.writeString(killed.resolve("status.json"), "{\"state\":\"running\"}");
        Files.writeString(out.resolve("candidate-3").resolve("candidate.json"),
                "{\"candidate\":3,\"overrides\":[\"train.lr=0.001\",\"train.epochs=2\"]}");

        var second = new SweepFixtures.FakeRunner(SweepRunnerTest::accuracy);
        SweepOutcome full = run(GRID, second, null);
        assertEquals(2, second.calls.size(), "only candidates 3 and 4 run again");
        assertEquals(out.resolve("candidate-3"), second.calls.get(0).output().dir());
        assertEquals(List.of(true, true), second.resumes, "an unfinished run continues from its checkpoint");
        assertEquals(4, full.records().size());
        assertTrue(full.records().get(0).reused() && full.records().get(1).reused());
        assertFalse(full.records().get(2).reused());
        assertEquals(partial.records().get(1).score(), full.records().get(1).score());
        assertEquals(4, full.best().number());
    }

    @Test
    void changedSweepFileIsRefusedBeforeAnythingRuns() throws Exception {
        run(GRID, new SweepFixtures.FakeRunner(SweepRunnerTest::accuracy), 1);
        var runner = new SweepFixtures.FakeRunner(SweepRunnerTest::accuracy);
        // a user error (the sweep file changed under its results): exit 2 through the CLI's error line
        UserInputException e = assertThrows(UserInputException.class,
                () -> run(GRID.replace("1.0e-3, 2.0e-3", "5.0e-4, 2.0e-3"), runner, null));
        assertTrue(e.getMessage().contains("candidate-1 holds runs made with [train.lr=0.001, train.epochs=1]"),
                e.getMessage());
        assertEquals(0, runner.calls.size());
    }

    @Test
    void timeLimitStopsStartingCandidates() throws Exception {
        // time as the sweep sees it: each candidate "takes" 40 s, against a 60 s limit
        MovableClock clock = new MovableClock();
        var slow = new SweepFixtures.FakeRunner(c -> {
            clock.advance(java.time.Duration.ofSeconds(40));
            return accuracy(c);
        });
        SweepOutcome o = new SweepRunner(SweepFixtures.LOADER, slow, null, clock)
                .run(sweep(GRID + "max_minutes: 1.0\n"), null);
        // candidate 1 ends at 40 s and candidate 2 may start; it ends at 80 s, past the limit: no third starts
        assertEquals(2, slow.calls.size(), "started candidates finish; none starts after the limit");
        assertTrue(o.state().startsWith("stopped (time limit"), o.state());
        assertEquals(o.state(), new ObjectMapper().readTree(out.resolve("sweep.json").toFile()).get("state").asText());
    }

    /** A clock that only moves when told. */
    private static final class MovableClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-01-01T00:00:00Z"));

        void advance(java.time.Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now.get();
        }
    }

    @Test
    void randomSearchRunsTheSeededDrawsAndStopsAtCandidates() throws Exception {
        String body = """
                search: random
                candidates: 3
                seed: 11
                parameters:
                  train.lr: {min: 1.0e-4, max: 1.0e-2, log: true}
                score: dev.accuracy
                """;
        var runner = new SweepFixtures.FakeRunner(SweepRunnerTest::accuracy);
        SweepOutcome o = run(body, runner, null);
        assertEquals(3, runner.calls.size(), "a random generator never runs out: the candidate cap stops it");
        List<SweepCandidate> drawn = CandidateGenerators.list(sweep(body), 3);
        for (int i = 0; i < 3; i++) {
            assertEquals((Double) drawn.get(i).parameters().get("train.lr"), runner.calls.get(i).train().lr());
        }
        assertEquals("complete", o.state());
        var again = new SweepFixtures.FakeRunner(SweepRunnerTest::accuracy);
        run(body, again, null);
        assertEquals(0, again.calls.size(), "the same seed meets the same, finished, candidates");
    }
}
