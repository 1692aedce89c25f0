package org.clinicalbert.workbench.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * metrics.json as the typed {@link RunMetrics}: files in the shapes the runner wrote before the type existed read and
 * write back to the same JSON; the views (scores, entity types, the summary over folds) against hand-computed values.
 */
class RunMetricsTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(RunMetricsTest.class.getResource("/metrics/" + name).toURI());
    }

    private static JsonNode tree(Path file) throws Exception {
        return Json.MAPPER.readTree(file.toFile());
    }

    @Test
    void singleRunFileReadsAndWritesBackUnchanged() throws Exception {
        Path file = fixture("single-mednli.json");
        RunMetrics m = RunMetrics.read(file);
        RunMetrics.Single s = assertInstanceOf(RunMetrics.Single.class, m);
        assertEquals(Json.MAPPER.readTree(m.toJson()), tree(file));
        assertEquals(Map.of("accuracy", 0.75, "macro_f1", 0.7222222222222222), m.scores("dev"));
        assertEquals(45L, s.bestStep());
        assertEquals(4L, s.dev().details().perClass().get("contradiction").support());
        assertEquals(1L, s.dev().details().confusionMatrixGoldRows().get("neutral").get("entailment"));
        assertEquals(List.of("train.jsonl: 1 pair without gold_label skipped (line 7)"), m.dataNotes());
        assertTrue(m.has("test"));
    }

    @Test
    void crossValidatedFileReadsAndWritesBackUnchanged() throws Exception {
        Path file = fixture("cv-i2b2-2010.json");
        RunMetrics.CrossValidated cv = assertInstanceOf(RunMetrics.CrossValidated.class, RunMetrics.read(file));
        assertEquals(Json.MAPPER.readTree(cv.toJson()), tree(file));
        assertEquals(2, cv.cvFolds());
        assertEquals(Map.of("f1", 0.6), cv.scores("dev"));
        assertEquals(Map.of("f1", 0.55), cv.scores("test"));
        // problem: folds 0.5 and 0.7; test: only in fold 1
        assertEquals(Map.of("problem", 0.6, "test", 1.0), cv.entityTypeF1("test"));
        assertEquals(Map.of("problem", List.of(0.5, 0.7), "test", List.of(1.0)), cv.entityTypeF1ByFold("test"));
        assertEquals(Map.of("problem", 0.5), cv.folds().get(0).entityTypeF1("dev"));
    }

    @Test
    void summaryOverFoldsIsMeanAndSampleStd() throws Exception {
        RunMetrics.CrossValidated cv = (RunMetrics.CrossValidated) RunMetrics.read(fixture("cv-i2b2-2010.json"));
        RunMetrics.CrossValidated again = RunMetrics.CrossValidated.of("i2b2-2010", cv.folds());
        RunMetrics.MetricSummary dev = again.dev().get("f1");
        // 0.5 and 0.7: mean 0.6, sample std sqrt(((-0.1)^2 + 0.1^2) / 1) = 0.141421...
        assertEquals(0.6, dev.mean(), 1e-15);
        assertEquals(Math.sqrt(0.02), dev.std(), 1e-15);
        assertEquals(List.of(0.5, 0.7), dev.values());
        assertEquals(0.5, dev.min());
        assertEquals(0.7, dev.max());
        assertEquals(0.55, again.test().get("f1").mean(), 1e-15);
        assertNull(again.dataNotes());
    }

    @Test
    void devOnlyFoldsHaveNoTestSummary() throws Exception {
        RunMetrics.CrossValidated cv = (RunMetrics.CrossValidated) RunMetrics.read(fixture("cv-i2b2-2010.json"));
        List<RunMetrics.Single> devOnly = cv.folds().stream().map(f -> new RunMetrics.Single(f.task(), f.scoreName(),
                f.trainExamples(), f.steps(), f.bestStep(), f.stoppedEarly(), f.dev(), null, null)).toList();
        RunMetrics.CrossValidated again = RunMetrics.CrossValidated.of("i2b2-2010", devOnly);
        assertNull(again.test());
        assertTrue(!again.has("test"));
        assertTrue(again.toJson().indexOf("\"test\"") < 0, again.toJson());
    }

    @Test
    void olderFileWithoutNewerPartsAndWithUnknownOnesReads() throws Exception {
        Path file = fixture("older-single.json");
        RunMetrics.Single s = assertInstanceOf(RunMetrics.Single.class, RunMetrics.read(file));
        assertEquals("i2b2-2006", s.task());
        assertNull(s.stoppedEarly());
        assertNull(s.dataNotes());
        assertEquals(Map.of("f1", 0.25), s.scores("dev"));
        assertEquals(Map.of(), s.scores("test"));
        ObjectNode expected = (ObjectNode) tree(file);
        expected.remove("unknown_future_part");
        assertEquals(expected, Json.MAPPER.readTree(s.toJson()));
    }

    @Test
    void writeIsReadBackEqual(@TempDir Path dir) throws Exception {
        RunMetrics m = RunMetrics.read(fixture("cv-i2b2-2010.json")).withDataNotes(List.of("a note"));
        m.write(dir);
        assertEquals(m, RunMetrics.read(dir.resolve(RunMetrics.FILE)));
        assertEquals(m, RunMetrics.readIfPresent(dir).orElseThrow());
        assertTrue(RunMetrics.readIfPresent(dir.resolve("nothing-here")).isEmpty());
    }

    @Test
    void badFilesNameTheFileAndWhere(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics.json");
        Files.writeString(f, "{\"task\":\"mednli\",\"test\":{\"metrics\":{\"accuracy\":\"high\"}}}");
        InputFormatException e = assertThrows(InputFormatException.class, () -> RunMetrics.read(f));
        assertEquals(f, e.file());
        assertEquals("test.metrics.accuracy", e.location());
        assertTrue(e.getMessage().contains("expected a number"), e.getMessage());

        Files.writeString(f, "{\"task\":\"i2b2-2010\",\"cv_folds\":2,\"folds\":[{\"dev\":{\"metrics\":{\"f1\":[1]}}}]}");
        e = assertThrows(InputFormatException.class, () -> RunMetrics.read(f));
        assertEquals("folds[1].dev.metrics.f1", e.location());

        Files.writeString(f, "[1, 2]");
        e = assertThrows(InputFormatException.class, () -> RunMetrics.read(f));
        assertTrue(e.getMessage().endsWith("expected an object at the top level"), e.getMessage());

        Files.writeString(f, "{\n\"task\": ");
        e = assertThrows(InputFormatException.class, () -> RunMetrics.read(f));
        assertTrue(e.location().startsWith("line 2"), e.location());

        e = assertThrows(InputFormatException.class, () -> RunMetrics.read(dir.resolve("absent.json")));
        assertEquals(dir.resolve("absent.json"), e.file());
    }
}
