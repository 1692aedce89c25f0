package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void dryRunListsThePapersWholeGridWithoutRunningAnything(@TempDir Path dir) {
        Path out = dir.resolve("study");
        CliRun r = run("study", "experiments/study/clinicalbert-2019.yaml", "--dry-run", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // 5 tasks x 6 initialisations x 18 configurations; MedNLI 6 x 3 seeds + 4 NER tasks x 6 cross-validated runs
        assertTrue(r.out().contains("540 grid run(s) on dev, then 42 final run(s) on test"), r.out());
        assertTrue(r.out().contains("task i2b2-2014: experiments/i2b2-2014-bio-clinical-bert.yaml, grid of 18 chosen by dev.f1"), r.out());
        assertTrue(r.out().contains(" 18  train.lr=5.0E-5, train.epochs=5, train.batch_size=32"), r.out());
        assertFalse(Files.exists(out), "a dry run writes nothing");
    }

    @Test
    void badStudyFileIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "initialisations: [tiny-demo]\nseeds: [1]\ntasks:\n  mednli:\n    experiment: experiments/demo.yaml\n"
                + "    score: test.accuracy\n    grid: {train.lr: [1.0e-3]}\n");
        CliRun r = run("study", f.toString(), "--dry-run");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + f + " (line 6, key tasks.mednli.score): a study chooses its "
                + "configurations on dev scores only"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void resumeWithoutAStudyAndSetAreRefused(@TempDir Path dir) {
        CliRun r = run("study", "experiments/study/demo.yaml", "--resume", "--out", dir.resolve("none").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("nothing to resume"), r.err());
        r = run("study", "experiments/study/demo.yaml", "--set", "train.lr=1", "--dry-run");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--set does not apply to a study"), r.err());
    }
}
