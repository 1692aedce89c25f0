package org.clinicalbert.workbench.compare;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareTableTest {

    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("bert-base-cased", "BERT");
        NAMES.put("clinical-bert", "Clinical BERT");
    }

    /**
     * BERT: two MedNLI runs (the newer, 0.75, counts), an i2b2 2010 run (0.85). Clinical BERT: MedNLI 0.80, an
     * unfinished MedNLI run at 0.99 that must not count, a 3-fold i2b2 2006 CV run; no i2b2 2010 run. A run from a
     * model path (not in the registry) is named by its path.
     */
    static Path fixture(Path root) throws Exception {
        RunFixtures.single(root.resolve("mednli-bert/20250101-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.70);
        RunFixtures.single(root.resolve("mednli-bert/20250102-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.75);
        RunFixtures.single(root.resolve("mednli-clin/20250101-090000"), "mednli", "clinical-bert", "finished", "accuracy", 0.80);
        RunFixtures.single(root.resolve("mednli-clin/20250103-090000"), "mednli", "clinical-bert", "running", "accuracy", 0.99);
        RunFixtures.single(root.resolve("mednli-clin/20250104-090000"), "mednli", "clinical-bert", "failed", "accuracy", 0.98);
        RunFixtures.single(root.resolve("i2b2-2010-bert/20250101-090000"), "i2b2-2010", "bert-base-cased", "finished",
                Map.of("f1", 0.85, "precision", 0.9), Map.of("problem", 0.80, "test", 0.90, "treatment", 0.86));
        RunFixtures.cv(root.resolve("i2b2-2006-clin/20250101-090000"), "i2b2-2006", "clinical-bert", "f1",
                0.92, 0.02, List.of(0.90, 0.92, 0.94),
                List.of(Map.of("NAME", 0.5, "DATE", 0.9), Map.of("NAME", 0.7, "DATE", 0.8), Map.of("NAME", 0.6)));
        RunFixtures.single(root.resolve("mednli-other/20250101-090000"), "mednli", "/models/other", "finished", "accuracy", 0.60);
        return root;
    }

    private static ComparisonTable build(Path root, boolean allRuns) throws Exception {
        return new ComparisonBuilder(MetricChoice.paperDefaults(), allRuns, NAMES)
                .build(RunScanner.scan(List.of(root), "test"), "test");
    }

    @Test
    void sweepCandidatesAreNotExperimentRunsUnlessAskedFor(@TempDir Path dir) throws Exception {
        // the experiment's own run, and a later sweep over the same experiment whose candidate scored lower
        Path run = RunFixtures.single(dir.resolve("demo/20250101-090000"), "mednli", "bert-base-cased", "finished",
                "accuracy", 0.98);
        Path sweep = Files.createDirectories(dir.resolve("demo-lr-sweep"));
        Files.writeString(sweep.resolve("sweep.json"), "{}");
        Path candidate = RunFixtures.single(sweep.resolve("candidate-3/20250102-090000"), "mednli", "bert-base-cased",
                "finished", "accuracy", 0.33);
        List<RunResult> runs = RunScanner.scan(List.of(dir), "test");
        assertEquals(List.of(run), runs.stream().map(RunResult::dir).toList());
        ComparisonTable t = new ComparisonBuilder(MetricChoice.paperDefaults(), false, NAMES).build(runs, "test");
        assertEquals(0.98, t.rows().get(0).cells().get("mednli").mean());
        List<Path> all = RunScanner.scan(List.of(dir), "test", true).stream().map(RunResult::dir).toList();
        assertEquals(java.util.Set.of(run, candidate), java.util.Set.copyOf(all));
    }

    @Test
    void newestFinishedRunPerTaskAndInitialisation(@TempDir Path dir) throws Exception {
        ComparisonTable t = build(fixture(dir), false);
        assertEquals(List.of("mednli", "i2b2-2006", "i2b2-2010"), t.tasks());
        assertEquals(Map.of("mednli", "accuracy", "i2b2-2006", "f1", "i2b2-2010", "f1"), t.metrics());
        assertEquals(List.of("BERT", "Clinical BERT", "/models/other"), t.rows().stream().map(ComparisonTable.Row::label).toList());

        ComparisonTable.Row bert = t.rows().get(0);
        assertEquals(0.75, bert.cells().get("mednli").mean());
        assertEquals(Cell.Basis.RUN, bert.cells().get("mednli").basis());
        assertTrue(Double.isNaN(bert.cells().get("mednli").std()));
        assertEquals(List.of(dir.resolve("mednli-bert/20250102-090000")), bert.cells().get("mednli").runs());
        assertNull(bert.cells().get("i2b2-2006"));
        assertEquals(0.85, bert.cells().get("i2b2-2010").mean());

        ComparisonTable.Row clin = t.rows().get(1);
        assertEquals(0.80, clin.cells().get("mednli").mean(), "the running (0.99) and failed (0.98) runs are ignored");
        Cell cv = clin.cells().get("i2b2-2006");
        assertEquals(0.92, cv.mean());
        assertEquals(0.02, cv.std());
        assertEquals(3, cv.n());
        assertEquals(Cell.Basis.CV, cv.basis());
        assertNull(clin.cells().get("i2b2-2010"));

        assertEquals(Set.of("clinical-bert"), t.best().get("mednli"));
        assertEquals(Set.of("clinical-bert"), t.best().get("i2b2-2006"));
        assertEquals(Set.of("bert-base-cased"), t.best().get("i2b2-2010"));
    }

    @Test
    void markdownShowsCellsBestAndMissing(@TempDir Path dir) throws Exception {
        String md = CompareMarkdown.render(build(fixture(dir), false), null);
        assertTrue(md.contains("| Initialisation | MedNLI accuracy | i2b2 2006 f1 | i2b2 2010 f1 |\n"), md);
        assertTrue(md.contains("| BERT | 75.00 | — | **85.00** |\n"), md);
        assertTrue(md.contains("| Clinical BERT | **80.00** | **92.00 ± 2.00** | — |\n"), md);
        assertTrue(md.contains("| /models/other | 60.00 | — | — |\n"), md);
        // per-entity-type section: single run as is, CV run as the mean over folds (NAME 0.5/0.7/0.6, DATE 0.9/0.8)
        assertTrue(md.contains("## i2b2 2010: F1 per entity type\n\n| Initialisation | problem | test | treatment |\n"
                + "| --- | ---: | ---: | ---: |\n| BERT | 80.00 | 90.00 | 86.00 |\n"), md);
        assertTrue(md.contains("| Initialisation | DATE | NAME |\n| --- | ---: | ---: |\n| Clinical BERT | 85.00 | 60.00 |\n"), md);
    }

    @Test
    void allRunsGivesMeanAndSampleStdOverSeeds(@TempDir Path dir) throws Exception {
        fixture(dir);
        RunFixtures.single(dir.resolve("mednli-bert/20250105-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.83);
        ComparisonTable t = build(dir, true);
        Cell c = t.rows().get(0).cells().get("mednli");
        // 0.70, 0.75, 0.83: mean 0.76, squared deviations 0.0036 + 0.0001 + 0.0049 = 0.0086 over n - 1 = 2
        assertEquals(0.76, c.mean(), 1e-12);
        assertEquals(Math.sqrt(0.0043), c.std(), 1e-12);
        assertEquals(3, c.n());
        assertEquals(Cell.Basis.RUNS, c.basis());
        assertEquals(Set.of("clinical-bert"), t.best().get("mednli"));
        assertTrue(CompareMarkdown.render(t, null).contains("| BERT | 76.00 ± 6.56 |"));
        // a group with one run stays a plain cell
        assertEquals(Cell.Basis.RUN, t.rows().get(1).cells().get("mednli").basis());
    }

    @Test
    void pooledRunsThatReadDifferentDataAreNoted(@TempDir Path dir) throws Exception {
        fixture(dir);
        provenance(dir.resolve("mednli-bert/20250101-090000"), "aa", "bb");
        provenance(dir.resolve("mednli-bert/20250102-090000"), "bb", "aa");
        assertTrue(build(dir, true).notes().isEmpty(), "the same files in another order are the same data");
        provenance(dir.resolve("mednli-bert/20250102-090000"), "aa", "cc");
        List<String> notes = build(dir, true).notes();
        assertEquals(List.of("BERT, mednli: the 2 pooled runs did not all read the same data files (SHA-256 in "
                + "model/provenance.json): 20250101-090000 vs 20250102-090000"), notes);
        assertTrue(CompareMarkdown.render(build(dir, true), null).contains(notes.get(0)));
        // the newest run alone (no pooling) needs no note
        assertTrue(build(dir, false).notes().isEmpty());
    }

    private static void provenance(Path run, String... sha256) throws Exception {
        StringBuilder data = new StringBuilder();
        for (String h : sha256) {
            data.append(data.length() == 0 ? "" : ",").append("{\"path\":\"f-").append(h).append("\",\"bytes\":1,\"sha256\":\"")
                    .append(h).append("\"}");
        }
        java.nio.file.Files.createDirectories(run.resolve("model"));
        java.nio.file.Files.writeString(run.resolve("model/provenance.json"), "{\"data\":[" + data + "]}");
    }

    @Test
    void twoConfigurationsOfOneExperimentAreTwoRowsNeverPooled(@TempDir Path dir) throws Exception {
        Path a = RunFixtures.single(dir.resolve("x/20250101-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.8);
        Path c = RunFixtures.single(dir.resolve("x/20250103-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.9);
        RunFixtures.config(c, "mednli", "bert-base-cased", 7); // another seed: the same configuration
        Path b = RunFixtures.single(dir.resolve("y/20250102-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.7);
        Files.writeString(b.resolve("config.yaml"), Files.readString(b.resolve("config.yaml")).replace("lr: 2.0e-5", "lr: 3.0e-5"));

        ComparisonTable pooled = build(dir, true);
        assertEquals(2, pooled.rows().size(), "two configurations, two rows");
        ComparisonTable.Row first = pooled.rows().get(0);
        ComparisonTable.Row second = pooled.rows().get(1);
        // the configuration with the newest run (c) first; its seeds pooled: (0.8 + 0.9) / 2
        assertEquals(0.85, first.cells().get("mednli").mean(), 1e-12);
        assertEquals(Cell.Basis.RUNS, first.cells().get("mednli").basis());
        assertEquals(List.of(a, c), first.cells().get("mednli").runs());
        assertEquals(0.7, second.cells().get("mednli").mean());
        assertEquals(List.of(b), second.cells().get("mednli").runs());
        assertEquals(List.of("bert-base-cased", "bert-base-cased#2"), pooled.rows().stream().map(ComparisonTable.Row::key).toList());
        String hashA = first.cells().get("mednli").configuration();
        String hashB = second.cells().get("mednli").configuration();
        assertTrue(hashA.matches("fixture, config [0-9a-f]{8}") && hashB.matches("fixture, config [0-9a-f]{8}"), hashA);
        assertTrue(!hashA.equals(hashB));
        assertEquals("BERT (" + hashA + ")", first.displayLabel());
        assertEquals(List.of(), pooled.notes());

        String md = CompareMarkdown.render(pooled, null);
        assertTrue(md.contains("| BERT (" + hashA + ") | **85.00 ± 7.07** |\n| BERT (" + hashB + ") | 70.00 |\n"), md);
        assertTrue(md.contains("| BERT (" + hashA + ") | MedNLI | " + hashA + " | `" + a + "`<br>`" + c + "` |\n"), md);
        assertTrue(md.contains("| BERT (" + hashB + ") | MedNLI | " + hashB + " | `" + b + "` |\n"), md);

        ComparisonTable newest = build(dir, false);
        assertEquals(List.of(0.9, 0.7), newest.rows().stream().map(r -> r.cells().get("mednli").mean()).toList(),
                "each configuration's newest run");
        assertEquals(List.of(c), newest.rows().get(0).cells().get("mednli").runs());
    }

    @Test
    void aRunAndASweepOfTheSameExperimentWithIncludeSweepsAreSeparateRows(@TempDir Path dir) throws Exception {
        Path run = RunFixtures.single(dir.resolve("demo/20250101-090000"), "mednli", "bert-base-cased", "finished",
                "accuracy", 0.98);
        Path sweep = Files.createDirectories(dir.resolve("demo-lr-sweep"));
        Files.writeString(sweep.resolve("sweep.json"), "{}");
        Path candidate = RunFixtures.single(sweep.resolve("candidate-3/20250102-090000"), "mednli", "bert-base-cased",
                "finished", "accuracy", 0.33);
        Files.writeString(candidate.resolve("config.yaml"),
                Files.readString(candidate.resolve("config.yaml")).replace("lr: 2.0e-5", "lr: 5.0e-5"));
        ComparisonTable without = build(dir, true);
        assertEquals(1, without.rows().size());
        assertEquals(List.of(run), without.rows().get(0).cells().get("mednli").runs());
        assertTrue(without.rows().get(0).variant() == null, "one configuration: the plain row label");

        ComparisonTable with = new ComparisonBuilder(MetricChoice.paperDefaults(), true, NAMES)
                .build(RunScanner.scan(List.of(dir), "test", true), "test");
        assertEquals(2, with.rows().size(), "the candidate is not pooled with the run");
        assertEquals(List.of(List.of(candidate), List.of(run)),
                with.rows().stream().map(r -> r.cells().get("mednli").runs()).toList());
        assertEquals(List.of(0.33, 0.98), with.rows().stream().map(r -> r.cells().get("mednli").mean()).toList());
    }

    @Test
    void tiesAreAllMarkedBest(@TempDir Path dir) throws Exception {
        RunFixtures.single(dir.resolve("a/20250101-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.8);
        RunFixtures.single(dir.resolve("b/20250101-090000"), "mednli", "clinical-bert", "finished", "accuracy", 0.8);
        RunFixtures.single(dir.resolve("c/20250101-090000"), "mednli", "/m", "finished", "accuracy", 0.7);
        ComparisonTable t = build(dir, false);
        assertEquals(Set.of("bert-base-cased", "clinical-bert"), t.best().get("mednli"));
    }

    @Test
    void metricOptionPicksAnotherMetric(@TempDir Path dir) throws Exception {
        fixture(dir);
        ComparisonTable t = new ComparisonBuilder(MetricChoice.parse(List.of("i2b2-2010=precision")), false, NAMES)
                .build(RunScanner.scan(List.of(dir.resolve("i2b2-2010-bert")), "test"), "test");
        assertEquals(0.9, t.rows().get(0).cells().get("i2b2-2010").mean());
        assertThrows(UserInputException.class, () -> MetricChoice.parse(List.of("i2b2-2099=f1")));
    }

    @Test
    void missingMetricNamesTheFile(@TempDir Path dir) throws Exception {
        Path run = RunFixtures.single(dir.resolve("a/20250101-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.8);
        var e = assertThrows(InputFormatException.class, () -> new ComparisonBuilder(
                MetricChoice.parse(List.of("f1")), false, NAMES).build(RunScanner.scan(List.of(dir), "test"), "test"));
        assertEquals(run.resolve("metrics.json"), e.file());
        assertTrue(e.getMessage().contains("no metric 'f1'") && e.getMessage().contains("[accuracy]"), e.getMessage());
    }

    @Test
    void malformedMetricsJsonNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path run = RunFixtures.single(dir.resolve("a/20250101-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.8);
        Files.writeString(run.resolve("metrics.json"), "{\n  \"task\": \"mednli\",\n  \"test\": {\"metrics\": {\"accuracy\": 0.8\n");
        // issue 24, principle 5: listed as unreadable, naming the file and line, not an error stopping the scan
        RunScanner.Found found = RunScanner.find(List.of(dir), "test", false);
        assertEquals(List.of(), found.runs());
        assertEquals(1, found.unreadable().size());
        assertEquals(run.resolve("metrics.json"), found.unreadable().get(0).file());
        assertTrue(found.unreadable().get(0).reason().startsWith(run.resolve("metrics.json") + " (line "),
                found.unreadable().get(0).reason());
    }

    @Test
    void nonNumericMetricNamesTheKey(@TempDir Path dir) throws Exception {
        Path run = RunFixtures.single(dir.resolve("a/20250101-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.8);
        Files.writeString(run.resolve("metrics.json"), "{\"task\":\"mednli\",\"test\":{\"metrics\":{\"accuracy\":\"high\"}}}");
        var e = assertThrows(InputFormatException.class, () -> RunScanner.scan(List.of(dir), "test"));
        assertEquals("test.metrics.accuracy", e.location());
    }

    @Test
    void splitMissingFromRunIsAClearError(@TempDir Path dir) throws Exception {
        Path run = RunFixtures.single(dir.resolve("a/20250101-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.8);
        Files.writeString(run.resolve("metrics.json"), "{\"task\":\"mednli\",\"dev\":{\"metrics\":{\"accuracy\":0.8}}}");
        var e = assertThrows(InputFormatException.class, () -> RunScanner.scan(List.of(dir), "test"));
        assertTrue(e.getMessage().contains("no scores for the test split"), e.getMessage());
        assertEquals(1, RunScanner.scan(List.of(dir), "dev").size());
    }

    @Test
    void taskDisagreementBetweenConfigAndMetricsIsAnError(@TempDir Path dir) throws Exception {
        Path run = RunFixtures.single(dir.resolve("a/20250101-090000"), "mednli", "bert-base-cased", "finished", "accuracy", 0.8);
        RunFixtures.config(run, "i2b2-2010", "bert-base-cased", 1);
        var e = assertThrows(InputFormatException.class, () -> RunScanner.scan(List.of(dir), "test"));
        assertEquals(run.resolve("metrics.json"), e.file());
    }
}
