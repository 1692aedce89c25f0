package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ErrorReporter.install(new CommandLine(new SweepCommand()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void dryRunListsTheCandidatesWithoutRunning(@TempDir Path models) {
        assertEquals(0, run("experiments/sweeps/mednli-grid.yaml", "--dry-run", "--max-candidates", "4",
                "--models-dir", models.toString()));
        String text = out.toString();
        assertTrue(text.startsWith("sweep mednli-grid: grid search over experiments/mednli-bio-clinical-bert.yaml, "
                + "4 of 18 candidates, maximising dev.accuracy -> results/sweeps/mednli-grid\n"), text);
        assertTrue(text.contains("    1  train.lr=2.0E-5, train.epochs=3, train.batch_size=16\n"), text);
        assertTrue(text.contains("    4  train.lr=2.0E-5, train.epochs=4, train.batch_size=16\n"), text);
        assertEquals(5, text.lines().count());
    }

    @Test
    void badSweepFileAndBadSetAreErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "experiment: experiments/demo.yaml\nparameters:\n  train.lr: []\nscore: dev.accuracy\n");
        assertEquals(2, run(f.toString(), "--dry-run"));
        assertEquals("error: " + f + " (line 3, key parameters.train.lr): empty list: give at least one value\n",
                err.toString());

        assertEquals(2, run("experiments/sweeps/demo-grid.yaml", "--dry-run", "--set", "train.epoch=1"));
        assertTrue(err.toString().contains("unknown key train.epoch"), err.toString());
        assertEquals(2, run("experiments/sweeps/demo-grid.yaml", "--max-candidates", "0"));
    }
}
