package org.clinicalbert.workbench.compare;

import org.clinicalbert.workbench.eval.PairedBootstrap;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionBootstrapCompareTest {

    private static final PairedBootstrap BOOT = new PairedBootstrap(500, 0.95, 7);

    /** 10 MedNLI examples; the first {@code right} are predicted correctly, listed in the given id order. */
    private static Path nliRun(Path dir, int right, boolean reversed) throws Exception {
        RunFixtures.single(dir, "mednli", "bert-base-cased", "finished", "accuracy", right / 10.0);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 10; k++) {
            int i = reversed ? 9 - k : k;
            String gold = i % 2 == 0 ? "entailment" : "neutral";
            String pred = i < right ? gold : "contradiction";
            sb.append("{\"pairID\":\"p").append(i).append("\",\"gold_label\":\"").append(gold)
                    .append("\",\"predicted_label\":\"").append(pred).append("\"}\n");
        }
        Files.writeString(dir.resolve("predictions-test.jsonl"), sb);
        return dir;
    }

    @Test
    void accuracyDifferenceMatchedByPairId(@TempDir Path dir) throws Exception {
        Path a = nliRun(dir.resolve("a"), 10, false);
        Path b = nliRun(dir.resolve("b"), 5, true);
        var r = PredictionBootstrap.compare(a, b, "test", BOOT);
        assertEquals("accuracy", r.metric());
        assertEquals(10, r.units());
        assertEquals(1.0, r.scoreA());
        assertEquals(0.5, r.scoreB());
        assertEquals(0.5, r.interval().observed(), 1e-12);
        assertTrue(r.interval().lower() > 0, "A is right wherever B is, and on 5 more: every resample favours A");
        assertEquals(0.0, r.interval().fractionNotAbove());
    }

    @Test
    void entityF1DifferenceOverSentences(@TempDir Path dir) throws Exception {
        Path a = nerRun(dir.resolve("a"), false);
        Path b = nerRun(dir.resolve("b"), true);
        var r = PredictionBootstrap.compare(a, b, "test", BOOT);
        assertEquals("f1", r.metric());
        assertEquals(3, r.units());
        assertEquals(1.0, r.scoreA());
        // B finds 2 of the 3 gold entities and nothing else: P = 1, R = 2/3, F1 = 0.8
        assertEquals(0.8, r.scoreB(), 1e-12);
        assertEquals(0.2, r.interval().observed(), 1e-12);
    }

    private static Path nerRun(Path dir, boolean missLast) throws Exception {
        RunFixtures.single(dir, "i2b2-2010", "bert-base-cased", "finished", "f1", 1.0);
        Files.writeString(dir.resolve("predictions-test.jsonl"), String.join("\n",
                "{\"document\":\"d\",\"words\":[\"chest\",\"pain\"],\"gold\":[\"B-problem\",\"I-problem\"],\"predicted\":[\"B-problem\",\"I-problem\"]}",
                "{\"document\":\"d\",\"words\":[\"an\",\"ECG\"],\"gold\":[\"O\",\"B-test\"],\"predicted\":[\"O\",\"B-test\"]}",
                "{\"document\":\"d\",\"words\":[\"aspirin\"],\"gold\":[\"B-treatment\"],\"predicted\":[\""
                        + (missLast ? "O" : "B-treatment") + "\"]}", ""));
        return dir;
    }

    @Test
    void mismatchedExamplesNameFileAndLine(@TempDir Path dir) throws Exception {
        Path a = nliRun(dir.resolve("a"), 10, false);
        Path b = nliRun(dir.resolve("b"), 5, false);
        Files.writeString(b.resolve("predictions-test.jsonl"),
                Files.readString(b.resolve("predictions-test.jsonl")).replace("\"p3\"", "\"q3\""));
        var e = assertThrows(InputFormatException.class, () -> PredictionBootstrap.compare(a, b, "test", BOOT));
        assertEquals(a.resolve("predictions-test.jsonl"), e.file());
        assertEquals("line 4", e.location());
    }

    @Test
    void foldFoldersOfACrossValidationRunCanBeCompared(@TempDir Path dir) throws Exception {
        Path cv = RunFixtures.cv(dir.resolve("cv"), "i2b2-2010", "bert-base-cased", "f1", 0.9, 0.1,
                java.util.List.of(0.8, 1.0), java.util.List.of());
        // fold folders hold metrics.json and predictions but no config or status file
        Path f1 = nerRun(cv.resolve("fold-1"), false);
        Path f2 = nerRun(cv.resolve("fold-2"), true);
        Files.delete(f1.resolve("config.yaml"));
        Files.delete(f1.resolve("status.json"));
        assertEquals(0.2, PredictionBootstrap.compare(f1, f2, "test", BOOT).interval().observed(), 1e-12);
        var e = assertThrows(UserInputException.class, () -> PredictionBootstrap.compare(cv, f2, "test", BOOT));
        assertTrue(e.getMessage().contains("pick one of its fold-N folders"), e.getMessage());
    }

    @Test
    void differentTasksAreRefused(@TempDir Path dir) throws Exception {
        Path a = nliRun(dir.resolve("a"), 10, false);
        Path b = nerRun(dir.resolve("b"), false);
        var e = assertThrows(UserInputException.class, () -> PredictionBootstrap.compare(a, b, "test", BOOT));
        assertTrue(e.getMessage().contains("different tasks"), e.getMessage());
    }
}
