package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepFileValidationTest {

    @TempDir
    Path dir;

    @BeforeEach
    void experiment() throws Exception {
        SweepFixtures.experiment(dir);
    }

    private InputFormatException error(String body) throws Exception {
        Path f = SweepFixtures.sweepFile(dir, body);
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> new SweepFileLoader(SweepFixtures.LOADER).load(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e;
    }

    @Test
    void unknownParameterPathNamesFileLineAndKey() throws Exception {
        // lines 1-2 are experiment and output_dir
        InputFormatException e = error("""
                parameters:
                  train.lr: [1.0e-3]
                  train.lrr: [1, 2]
                score: dev.accuracy
                """);
        assertEquals("line 5, key parameters.train.lrr", e.location());
        assertTrue(e.getMessage().contains("unknown key train.lrr"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'lr'?"), e.getMessage());
    }

    @Test
    void emptyListIsAnError() throws Exception {
        InputFormatException e = error("""
                parameters:
                  train.epochs: []
                score: dev.accuracy
                """);
        assertEquals("line 4, key parameters.train.epochs", e.location());
        assertTrue(e.getMessage().endsWith("empty list: give at least one value"), e.getMessage());
    }

    @Test
    void valueOfTheWrongTypeOrRangeIsRejectedByTheExperimentSchema() throws Exception {
        InputFormatException e = error("""
                parameters:
                  train.epochs: [2, 3.5]
                score: dev.accuracy
                """);
        assertEquals("line 4, key parameters.train.epochs", e.location());
        assertTrue(e.getMessage().contains("train.epochs needs an integer"), e.getMessage());

        e = error("""
                parameters:
                  train.lr: [1.0e-3, -1.0e-3]
                score: dev.accuracy
                """);
        assertTrue(e.getMessage().contains("parameters.train.lr") && e.getMessage().contains("-0.001"), e.getMessage());
    }

    @Test
    void emptyOrMissingParametersAndUnknownTopLevelKeys() throws Exception {
        assertEquals("line 3, key parameters", error("parameters: {}\nscore: dev.accuracy\n").location());
        assertTrue(error("score: dev.accuracy\n").getMessage().contains("missing required key"));
        InputFormatException e = error("parameter:\n  train.lr: [1.0e-3]\nscore: dev.accuracy\n");
        assertEquals("line 3, key parameter", e.location());
        assertTrue(e.getMessage().contains("unknown key 'parameter'"), e.getMessage());
    }

    @Test
    void searchRules() throws Exception {
        assertEquals("key candidates", error("search: random\nparameters:\n  train.lr: [1.0e-3]\nscore: dev.accuracy\n").location());
        assertTrue(error("candidates: 3\nparameters:\n  train.lr: [1.0e-3]\nscore: dev.accuracy\n")
                .getMessage().contains("candidates is for random search"));
        InputFormatException e = error("parameters:\n  train.lr: {min: 1.0e-5, max: 1.0e-3}\nscore: dev.accuracy\n");
        assertEquals("line 4, key parameters.train.lr", e.location());
        assertTrue(e.getMessage().contains("a grid needs a list of values"), e.getMessage());
        e = error("search: random\ncandidates: 2\nparameters:\n  train.lr: {min: 0, max: 1.0e-3, log: true}\nscore: dev.accuracy\n");
        assertTrue(e.getMessage().contains("a log range needs min > 0"), e.getMessage());
        assertEquals("line 3, key search", error("search: bayes\nparameters:\n  train.lr: [1.0e-3]\nscore: dev.accuracy\n").location());
    }

    @Test
    void scoreAndFixedOverrides() throws Exception {
        InputFormatException e = error("parameters:\n  train.lr: [1.0e-3]\nscore: accuracy\n");
        assertEquals("line 5, key score", e.location());
        assertTrue(e.getMessage().contains("expected split.metric"), e.getMessage());
        e = error("set:\n  train.epochs: 1\nparameters:\n  train.epochs: [1, 2]\nscore: dev.accuracy\n");
        assertTrue(e.getMessage().contains("both swept and fixed"), e.getMessage());
        e = error("set:\n  model.max_seq_lenght: 32\nparameters:\n  train.lr: [1.0e-3]\nscore: dev.accuracy\n");
        assertEquals("line 4, key set.model.max_seq_lenght", e.location());
        e = error("parameters:\n  output.dir: [a, b]\nscore: dev.accuracy\n");
        assertTrue(e.getMessage().contains("output.dir is set by the sweep"), e.getMessage());
    }

    @Test
    void missingExperimentFile() throws Exception {
        Path f = dir.resolve("s.yaml");
        java.nio.file.Files.writeString(f, "experiment: nowhere.yaml\nparameters:\n  train.lr: [1.0e-3]\nscore: dev.accuracy\n");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> new SweepFileLoader(SweepFixtures.LOADER).load(f));
        assertEquals("line 1, key experiment", e.location());
        assertTrue(e.getMessage().contains("experiment file nowhere.yaml not found"), e.getMessage());
    }

    @Test
    void quotedDecimalsAndDefaults() throws Exception {
        Path f = SweepFixtures.sweepFile(dir, "parameters:\n  train.lr: [\"2e-5\", 3.0e-5]\nscore: dev.accuracy\n");
        SweepConfig s = new SweepFileLoader(SweepFixtures.LOADER).load(f);
        assertEquals(java.util.List.of(2e-5, 3e-5), ((ParameterRange.Choices) s.parameters().get("train.lr")).values());
        assertEquals("sweep", s.name());
        assertEquals(42L, s.seed());
        assertEquals(SweepConfig.Search.GRID, s.search());
    }

    /** The score must be one the experiment's task reports: checked when the file loads (so at --dry-run). */
    @Test
    void scoreMustBeAMetricOfTheTask() throws Exception {
        InputFormatException e = error("parameters:\n  train.lr: [1.0e-3]\nscore: dev.f1\n");
        assertEquals(dir.resolve("sweep.yaml") + " (line 5, key score): mednli runs have no metric 'f1'; expected "
                + "dev.accuracy, dev.macro_f1", e.getMessage());
    }

    @Test
    void testScoresNeedAllowTestSelection() throws Exception {
        String body = "parameters:\n  train.lr: [1.0e-3]\nscore: test.accuracy\n"; // the experiment scores test
        InputFormatException e = error(body);
        assertEquals("line 5, key score", e.location());
        assertTrue(e.getMessage().endsWith("choosing hyperparameters on test scores makes the test score optimistic; "
                + "score on dev, or set allow_test_selection: true to do it anyway (the report says so)"), e.getMessage());
        assertEquals("line 3, key allow_test_selection",
                error("allow_test_selection: maybe\n" + body).location());
        Path f = SweepFixtures.sweepFile(dir, "allow_test_selection: true\n" + body);
        SweepConfig s = new SweepFileLoader(SweepFixtures.LOADER).load(f);
        assertTrue(s.allowTestSelection());
        assertEquals("test.accuracy", s.score().toString());
        String md = SweepReport.markdown(new SweepOutcome(s, 1, java.util.List.of(), null, "finished"));
        assertTrue(md.contains("**selected on test scores** (allow_test_selection: true)"), md);
    }
}
