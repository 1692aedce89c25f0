package org.clinicalbert.workbench.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.data.synth.SyntheticI2b2_2010;
import org.clinicalbert.workbench.data.synth.SyntheticMedNli;
import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo study's shape (two tiny initialisations x MedNLI and i2b2 2010 x a 2-point grid, two seeds) end to end
 * on small synthetic corpora whose test sets are sentinels until phase 3 starts, and the same study killed in
 * every phase and resumed.
 */
class StudyRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BASE = Path.of("").toAbsolutePath();
    private static final ModelRegistry REGISTRY = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, BASE.resolve("models"), BASE);
    private static final ConfigLoader EXPERIMENTS = ConfigLoader.withRegistry(REGISTRY);
    /** Unparseable as MedNLI or as an i2b2 folder: any read of it fails the run that reads it. */
    private static final String SENTINEL = "SENTINEL: the test set was read before phase 3\n";

    /** Corpora whose test sets are swapped for sentinels, and swapped back when phase 3 starts. */
    private static final class Corpora {
        final Path root;
        final Path mednliTest;
        final Path nerTest;
        final Path hidden;

        Corpora(Path root) throws IOException {
            this.root = root;
            SyntheticMedNli.write(root.resolve("mednli"), 100, 12345);
            SyntheticI2b2_2010.write(root.resolve("i2b2-2010"), 12, 12345);
            mednliTest = root.resolve("mednli/mli_test_v1.jsonl");
            nerTest = root.resolve("i2b2-2010/test");
            hidden = root.resolve("hidden");
            Files.createDirectories(hidden);
        }

        void hide() throws IOException {
            if (Files.exists(hidden.resolve("mednli-test"))) {
                return;
            }
            Files.move(mednliTest, hidden.resolve("mednli-test"));
            Files.move(nerTest, hidden.resolve("ner-test"));
            Files.writeString(mednliTest, SENTINEL);
            Files.writeString(nerTest, SENTINEL);
        }

        void reveal() throws IOException {
            Files.delete(mednliTest);
            Files.delete(nerTest);
            Files.move(hidden.resolve("mednli-test"), mednliTest);
            Files.move(hidden.resolve("ner-test"), nerTest);
        }
    }

    /** Stands for a kill: thrown by the executor or at a phase's start, in-process. */
    private static final class Killed extends RuntimeException {
        Killed(String where) {
            super("killed " + where);
        }
    }

    /** The local executor, one job at a time, killed before job {@code killBefore} (1-based) of this invocation. */
    private static final class KillingExecutor implements StudyExecutor {
        private final StudyExecutor local;
        private final int killBefore;
        private int started;

        KillingExecutor(StudyExecutor local, int killBefore) {
            this.local = local;
            this.killBefore = killBefore;
        }

        private void next() {
            if (++started == killBefore) {
                throw new Killed("before job " + killBefore);
            }
        }

        @Override
        public List<SweepOutcome> grids(List<GridJob> jobs, Listener listener) throws IOException {
            List<SweepOutcome> out = new ArrayList<>();
            for (GridJob j : jobs) {
                next();
                out.addAll(local.grids(List.of(j), listener));
            }
            return out;
        }

        @Override
        public List<FinalRun> finalRuns(List<FinalJob> jobs, Listener listener) throws IOException {
            List<FinalRun> out = new ArrayList<>();
            for (FinalJob j : jobs) {
                next();
                out.addAll(local.finalRuns(List.of(j), listener));
            }
            return out;
        }
    }

    /** Hides the test sets at the start, reveals them when phase 3 starts; kills at {@code killAt}'s start. */
    private record Phases(Corpora data, StudyPhase killAt, List<StudyPhase> seen) implements StudyRunner.Listener {
        @Override
        public void phaseStarted(StudyPhase phase) {
            seen.add(phase);
            try {
                if (phase == StudyPhase.FINAL) {
                    data.reveal();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (phase == killAt) {
                throw new Killed("at the start of phase " + phase.id());
            }
        }
    }

    private static StudyConfig study(Path dir, Corpora data) throws IOException {
        String template = """
                name: %s
                task: %s
                data:
                  corpus_dir: %s
                model:
                  init: tiny-demo
                  max_seq_length: 32
                train:
                  lr: 1.0e-3
                  batch_size: 16
                  epochs: 1
                  seed: 42
                eval:
                  split: test
                """;
        Path nli = dir.resolve("nli.yaml");
        Path ner = dir.resolve("ner.yaml");
        Files.writeString(nli, template.formatted("nli", "mednli", data.root.resolve("mednli")));
        Files.writeString(ner, template.formatted("ner", "i2b2-2010", data.root.resolve("i2b2-2010")));
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, """
                name: t
                initialisations: [tiny-demo, %s]
                seeds: [1, 2]
                bootstrap: {samples: 200, seed: 7}
                tasks:
                  mednli:
                    experiment: %s
                    score: dev.accuracy
                    grid:
                      train.lr: [1.0e-3, 3.0e-3]
                  i2b2-2010:
                    experiment: %s
                    score: dev.f1
                    grid:
                      train.lr: [1.0e-3, 3.0e-3]
                """.formatted(BASE.resolve("config/models/tiny-demo-small"), nli, ner));
        return new StudyFileLoader(EXPERIMENTS, REGISTRY, BASE).load(file, dir.resolve("out"));
    }

    private static StudyRunner.Outcome run(StudyConfig study, Corpora data, boolean resume, int killBefore,
                                           StudyPhase killAt, List<StudyPhase> seen) throws IOException {
        data.hide();
        ExperimentRunner experiments = new ExperimentRunner(REGISTRY);
        StudyExecutor local = new LocalStudyExecutor(EXPERIMENTS, LocalStudyExecutor.runner(experiments, BASE, null), null);
        StudyExecutor executor = killBefore > 0 ? new KillingExecutor(local, killBefore) : local;
        return new StudyRunner(executor, new Phases(data, killAt, seen)).run(study, resume, true);
    }

    private static JsonNode json(Path f) throws IOException {
        return JSON.readTree(f.toFile());
    }

    private static List<Path> subfolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** Every run folder (holding status.json) below {@code dir}. */
    private static List<Path> runFolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("status.json")) && Files.exists(p.resolve("config.yaml")))
                    .sorted().toList();
        }
    }

    /** The table as numbers only (run folders differ between two studies). */
    private static String table(Path out) throws IOException {
        JsonNode s = json(out.resolve("study.json"));
        StringBuilder b = new StringBuilder();
        for (JsonNode c : s.get("cells")) {
            b.append(c.get("task")).append(c.get("initialisation")).append(c.get("selected_parameters"))
                    .append(c.get("selected_dev_score")).append(c.get("mean")).append(c.get("std"))
                    .append(c.get("ci_lower")).append(c.get("ci_upper")).append(c.get("entity_type_f1")).append('\n');
        }
        for (JsonNode p : s.get("paired_bootstrap")) {
            b.append(p.get("task")).append(p.get("difference")).append(p.get("ci_lower")).append(p.get("ci_upper"))
                    .append(p.get("p_a_not_better")).append('\n');
        }
        return b.toString();
    }

    @Test
    void endToEndWithTheTestSetUnreadableUntilPhase3AndThenResumedAfterKillsInEveryPhase(@TempDir Path dir)
            throws IOException {
        // --- uninterrupted: test sets are sentinels until phase 3 starts, so a read before it fails the study
        Path a = dir.resolve("a");
        Corpora dataA = new Corpora(a.resolve("data"));
        StudyConfig studyA = study(a, dataA);
        List<StudyPhase> seen = new ArrayList<>();
        StudyRunner.Outcome o = run(studyA, dataA, false, 0, null, seen);
        assertEquals(List.of(StudyPhase.values()), seen);
        Path out = studyA.outputDir();
        JsonNode status = json(out.resolve("status.json"));
        assertEquals("finished", status.get("state").asText());
        assertEquals("study", status.get("kind").asText());
        assertEquals("compare", status.get("phase").asText());
        assertTrue(status.get("resume").isNull());

        // phase 1: 4 grids x 2 candidates, each scored on dev only
        List<Path> gridRuns = runFolders(out.resolve("grid"));
        assertEquals(8, gridRuns.size(), gridRuns.toString());
        for (Path r : gridRuns) {
            JsonNode m = json(r.resolve("metrics.json"));
            assertTrue(m.has("dev") && !m.has("test"), r + " has test scores");
            assertFalse(Files.exists(r.resolve("predictions-test.jsonl")), r.toString());
        }
        // phase 2: the best dev score, the lower candidate on a tie, recomputed from each grid's own sweep.json
        JsonNode selection = json(out.resolve("selection.json"));
        for (JsonNode c : selection.get("cells")) {
            JsonNode sweep = json(Path.of(c.get("grid_dir").asText()).resolve("sweep.json"));
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (JsonNode cand : sweep.get("candidates")) {
                if (cand.get("score").asDouble() > bestScore) {
                    bestScore = cand.get("score").asDouble();
                    best = cand.get("candidate").asInt();
                }
            }
            assertEquals(best, c.get("selected").get("candidate").asInt(), c.toString());
            assertEquals(2, c.get("ranking").size());
        }
        // phase 3: per cell one run per seed, with the selected configuration, scored on test
        assertEquals(8, o.finalRuns().size());
        for (FinalRun r : o.finalRuns()) {
            JsonNode m = json(r.runDir().resolve("metrics.json"));
            assertTrue(m.has("test"), r.toString());
            String config = Files.readString(r.runDir().resolve("config.yaml"));
            assertTrue(config.contains("seed: " + r.seed()), config);
            Selection s = o.selections().stream().filter(x -> x.cell().equals(r.cell())).findFirst().orElseThrow();
            double lr = ((Number) s.best().candidate().parameters().get("train.lr")).doubleValue();
            assertTrue(config.contains("lr: " + lr), config);
        }
        // phase 4: each cell's mean is the mean of its runs' own test scores; the interval brackets a mean
        JsonNode studyJson = json(out.resolve("study.json"));
        assertEquals(4, studyJson.get("cells").size());
        for (JsonNode c : studyJson.get("cells")) {
            double sum = 0;
            for (JsonNode r : c.get("runs")) {
                JsonNode m = json(Path.of(r.get("run_dir").asText()).resolve("metrics.json"));
                sum += m.get("test").get("metrics").get(c.get("metric").asText().substring(5)).asDouble();
            }
            assertEquals(sum / 2, c.get("mean").asDouble(), 1e-12, c.toString());
            assertTrue(c.get("ci_lower").asDouble() <= c.get("ci_upper").asDouble(), c.toString());
            assertEquals(2, c.get("n").asInt());
        }
        JsonNode pairs = studyJson.get("paired_bootstrap");
        assertEquals(2, pairs.size());
        for (JsonNode p : pairs) {
            assertEquals(p.get("score_a").asDouble() - p.get("score_b").asDouble(), p.get("difference").asDouble(), 1e-12);
        }
        assertFalse(studyJson.get("cells").get(2).get("entity_type_f1").isEmpty(), "per-type F1 for NER");
        String md = Files.readString(out.resolve("study.md"));
        for (FinalRun r : o.finalRuns()) {
            assertTrue(md.contains("(" + out.relativize(r.runDir()) + ")"), "study.md links " + r.runDir());
        }
        assertTrue(md.contains("| MedNLI | tiny demo (not in the paper) |"), md);
        for (String f : List.of("comparison/compare.png", "comparison/compare.md", "study.csv", "selection.md")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }

        // --- the same study killed in every phase, each time continued with resume
        Path b = dir.resolve("b");
        Corpora dataB = new Corpora(b.resolve("data"));
        StudyConfig studyB = study(b, dataB);
        List<StudyPhase> ignored = new ArrayList<>();
        assertThrows(Killed.class, () -> run(studyB, dataB, false, 2, null, ignored)); // after one grid
        JsonNode killed = json(studyB.outputDir().resolve("status.json"));
        assertEquals("grid", killed.get("phase").asText());
        assertEquals("failed", killed.get("state").asText());
        assertTrue(killed.get("resume").asText().endsWith("--resume"), killed.toString());
        // one grid of two candidates finished, of 4 x 2
        assertEquals(2, killed.get("progress").get("done").asInt(), killed.toString());
        assertEquals(8, killed.get("progress").get("total").asInt(), killed.toString());
        assertEquals("candidates", killed.get("progress").get("unit").asText());
        assertThrows(Killed.class, () -> run(studyB, dataB, true, 0, StudyPhase.SELECT, ignored)); // in phase 2
        assertThrows(Killed.class, () -> run(studyB, dataB, true, 5, null, ignored)); // before the first final run
        assertEquals("final", json(studyB.outputDir().resolve("status.json")).get("phase").asText());
        assertThrows(Killed.class, () -> run(studyB, dataB, true, 7, null, ignored)); // after two final runs
        assertThrows(Killed.class, () -> run(studyB, dataB, true, 0, StudyPhase.COMPARE, ignored)); // in phase 4
        StudyRunner.Outcome resumed = run(studyB, dataB, true, 0, null, ignored);
        assertEquals(table(out), table(studyB.outputDir()));
        // nothing ran twice: one run folder per candidate and per seed; finished final runs were reused, not rescored
        assertEquals(8, runFolders(studyB.outputDir().resolve("grid")).size());
        for (FinalRun r : resumed.finalRuns()) {
            assertEquals(1, subfolders(r.runDir().getParent()).size(), r.toString());
            assertTrue(r.reused());
        }
        // a changed study file is refused on resume
        Files.writeString(studyB.file(), Files.readString(studyB.file()).replace("seeds: [1, 2]", "seeds: [1, 3]"));
        StudyConfig changed = new StudyFileLoader(EXPERIMENTS, REGISTRY, BASE).load(studyB.file(), studyB.outputDir());
        var e = assertThrows(org.clinicalbert.workbench.io.InputFormatException.class,
                () -> run(changed, dataB, true, 0, null, ignored));
        assertTrue(e.getMessage().contains("differs from the file this study started with"), e.getMessage());
    }
}
