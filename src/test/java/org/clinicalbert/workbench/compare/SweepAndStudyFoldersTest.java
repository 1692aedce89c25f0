package org.clinicalbert.workbench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Sweep and study folders, in the layout {@code sweep} and {@code study} write them (their own {@code status.json}
 * saying finished, with kind sweep or study; {@code sweep.json}; candidates in {@code candidate-<n>/<run>/}; a
 * study's grids as sweeps in {@code grid/<task>/<init>/} and its final runs in {@code final/<task>/<init>/seed-<s>/<run>/}),
 * nested at several depths below the folder compare is given. The README suite runs the real commands
 * ({@code ReadmeWorkflowsTest}); this checks each place at each depth.
 */
class SweepAndStudyFoldersTest {

    private static void status(Path dir, String kind) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("status.json"), "{\"state\":\"finished\",\"message\":\"\",\"kind\":\"" + kind
                + "\",\"progress\":{\"done\":2,\"total\":2,\"unit\":\"candidates\"}}");
    }

    /** A finished sweep of two candidates under {@code dir}; returns the candidates' run folders. */
    private static List<Path> sweep(Path dir, double a, double b) throws IOException {
        status(dir, "sweep");
        Files.writeString(dir.resolve("sweep.json"), "{\"sweep\":\"" + dir.getFileName() + "\"}");
        Path c1 = RunFixtures.single(dir.resolve("candidate-1/20250102-090000"), "mednli", "tiny-demo", "finished",
                "accuracy", a);
        Path c2 = RunFixtures.single(dir.resolve("candidate-2/20250102-091000"), "mednli", "tiny-demo", "finished",
                "accuracy", b);
        // candidates differ in their settings, as a grid's do
        Files.writeString(c2.resolve("config.yaml"), Files.readString(c2.resolve("config.yaml"))
                .replace("lr: 2.0e-5", "lr: 3.0e-3"));
        Files.writeString(dir.resolve("candidate-1/candidate.json"), "{\"candidate\":1}");
        return List.of(c1, c2);
    }

    /** A finished study: one grid (a sweep), two final runs; returns the final runs. */
    private static List<Path> study(Path dir) throws IOException {
        status(dir, "study");
        Files.writeString(dir.resolve("study.yaml"), "name: demo\n");
        sweep(dir.resolve("grid/mednli/tiny-demo"), 0.11, 0.12);
        Files.createDirectories(dir.resolve("comparison"));
        Path f1 = RunFixtures.single(dir.resolve("final/mednli/tiny-demo/seed-1/20250103-090000"), "mednli",
                "tiny-demo", "finished", "accuracy", 0.8);
        Path f2 = RunFixtures.single(dir.resolve("final/mednli/tiny-demo/seed-2/20250103-091000"), "mednli",
                "tiny-demo", "finished", "accuracy", 0.9);
        return List.of(f1, f2);
    }

    private static Set<Path> dirs(List<RunResult> runs) {
        return Set.copyOf(runs.stream().map(RunResult::dir).toList());
    }

    @Test
    void aSweepFolderIsNotARunAndItsCandidatesCountOnlyWhenAsked(@TempDir Path results) throws Exception {
        Path run = RunFixtures.single(results.resolve("demo/20250101-090000"), "mednli", "tiny-demo", "finished",
                "accuracy", 0.98);
        List<Path> shallow = sweep(results.resolve("sweeps/demo-grid"), 0.5, 0.6);
        List<Path> deep = sweep(results.resolve("a/b/c/d/sweeps/deep-grid"), 0.7, 0.4);

        RunScanner.Found found = RunScanner.find(List.of(results), "test", false);
        assertEquals(Set.of(run), dirs(found.runs()));
        assertEquals(4, found.sweepCandidatesLeftOut());

        List<RunResult> all = RunScanner.scan(List.of(results), "test", true);
        assertEquals(Set.of(run, shallow.get(0), shallow.get(1), deep.get(0), deep.get(1)), dirs(all));
        ComparisonTable t = new ComparisonBuilder(MetricChoice.paperDefaults(), false, Map.of()).build(all, "test");
        // the run and every candidate are their own rows; candidate rows name their sweep and candidate folder
        assertEquals(5, t.rows().size());
        List<String> variants = t.rows().stream().map(ComparisonTable.Row::variant).toList();
        assertEquals(1, variants.stream().filter(v -> v.contains("sweep demo-grid candidate-1")).count(), variants.toString());
        assertEquals(1, variants.stream().filter(v -> v.contains("sweep deep-grid candidate-2")).count(), variants.toString());
        assertEquals(1, variants.stream().filter(v -> !v.contains("sweep")).count(), variants.toString());
    }

    @Test
    void aCandidateWithTheRunsSettingsIsStillItsOwnRow(@TempDir Path results) throws Exception {
        Path run = RunFixtures.single(results.resolve("demo/20250101-090000"), "mednli", "tiny-demo", "finished",
                "accuracy", 0.98);
        Path candidate = sweep(results.resolve("sweeps/demo-grid"), 0.5, 0.6).get(0);
        List<RunResult> all = RunScanner.scan(List.of(results), "test", true);
        RunResult r = all.stream().filter(x -> x.dir().equals(run)).findFirst().orElseThrow();
        RunResult c = all.stream().filter(x -> x.dir().equals(candidate)).findFirst().orElseThrow();
        assertEquals(r.settings(), c.settings(), "same config");
        assertNotEquals(r.configuration(), c.configuration());
        ComparisonTable t = new ComparisonBuilder(MetricChoice.paperDefaults(), true, Map.of()).build(all, "test");
        assertEquals(3, t.rows().size(), "run, candidate 1, candidate 2: never pooled");
    }

    @Test
    void namingTheSweepOrACandidateFolderKeepsItsRunsCandidates(@TempDir Path results) throws Exception {
        List<Path> c = sweep(results.resolve("sweeps/demo-grid"), 0.5, 0.6);
        RunScanner.Found found = RunScanner.find(List.of(results.resolve("sweeps/demo-grid")), "test", false);
        assertEquals(List.of(), found.runs());
        assertEquals(2, found.sweepCandidatesLeftOut());
        Path candidate = results.resolve("sweeps/demo-grid/candidate-1");
        assertEquals(List.of(), RunScanner.scan(List.of(candidate), "test", false));
        assertEquals(Set.of(c.get(0)), dirs(RunScanner.scan(List.of(candidate), "test", true)));
    }

    @Test
    void aStudyContributesItsFinalRunsNeverItsGrid(@TempDir Path results) throws Exception {
        List<Path> shallow = study(results.resolve("studies/demo"));
        List<Path> deep = study(results.resolve("x/y/z/studies/other"));
        for (boolean includeSweeps : new boolean[]{false, true}) {
            RunScanner.Found found = RunScanner.find(List.of(results), "test", includeSweeps);
            assertEquals(Set.of(shallow.get(0), shallow.get(1), deep.get(0), deep.get(1)), dirs(found.runs()),
                    "--include-sweeps " + includeSweeps);
            assertEquals(4, found.studyGridRunsLeftOut());
            assertEquals(0, found.sweepCandidatesLeftOut());
        }
        // compare results/studies, a study folder, and a folder inside a study's final runs
        assertEquals(Set.copyOf(deep), dirs(RunScanner.scan(List.of(results.resolve("x/y/z/studies")), "test", true)));
        assertEquals(Set.copyOf(shallow), dirs(RunScanner.scan(List.of(results.resolve("studies/demo")), "test")));
        assertEquals(Set.of(shallow.get(0)), dirs(RunScanner.scan(
                List.of(results.resolve("studies/demo/final/mednli/tiny-demo/seed-1")), "test")));
        assertEquals(List.of(), RunScanner.scan(List.of(results.resolve("studies/demo/grid")), "test", true));

        // status lists the study, its grid (a sweep), the grid's runs and the final runs, seven levels down
        Path s = results.resolve("studies/demo");
        assertEquals(List.of(s, s.resolve("final/mednli/tiny-demo/seed-1/20250103-090000"),
                        s.resolve("final/mednli/tiny-demo/seed-2/20250103-091000"), s.resolve("grid/mednli/tiny-demo"),
                        s.resolve("grid/mednli/tiny-demo/candidate-1/20250102-090000"),
                        s.resolve("grid/mednli/tiny-demo/candidate-2/20250102-091000")),
                org.clinicalbert.workbench.runs.FolderStatus.folders(results.resolve("studies")));

        ComparisonTable t = new ComparisonBuilder(MetricChoice.paperDefaults(), true, Map.of())
                .build(RunScanner.scan(List.of(results.resolve("studies/demo")), "test"), "test");
        assertEquals(1, t.rows().size(), "the final runs are repeats of one configuration");
        assertEquals(0.85, t.rows().get(0).cells().get("mednli").mean(), 1e-12);
        assertEquals(2, t.rows().get(0).cells().get("mednli").n());
    }
}
