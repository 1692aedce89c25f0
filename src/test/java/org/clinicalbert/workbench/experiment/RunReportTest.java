package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.RunMetrics;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.md shows per-class (NLI) and per-entity-type (NER) scores; the learning curve marks the best checkpoint. */
class RunReportTest {

    @TempDir
    Path tmp;

    private ExperimentConfig config(String task) {
        return RunnerFixture.config(tmp.resolve("c.yaml"), task, tmp, tmp.resolve("out"), List.of());
    }

    /** The map as metrics.json would hold it, read as the runner's files are. */
    private static RunMetrics of(Map<String, Object> m) {
        return RunMetrics.fromTree(org.clinicalbert.workbench.io.Json.MAPPER.valueToTree(m), null);
    }

    private static final Map<String, Object> ENV = Map.of("backend", "cpu", "git_commit", "abc");

    @Test
    void nliReportHasPerClassScores() {
        Map<String, Object> perClass = new LinkedHashMap<>();
        perClass.put("entailment", Map.of("precision", 0.5, "recall", 1.0, "f1", 2 / 3.0, "support", 3));
        perClass.put("contradiction", Map.of("precision", 1.0, "recall", 0.25, "f1", 0.4, "support", 4));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("best_step", 19);
        metrics.put("steps", 57);
        metrics.put("test", Map.of("metrics", Map.of("accuracy", 0.5), "details", Map.of("per_class", perClass)));
        String md = RunReport.markdown(config("mednli"), ENV, of(metrics));
        assertTrue(md.contains("""
                ### Per class (test)

                | class | precision | recall | F1 | support |
                |---|---:|---:|---:|---:|
                | entailment | 0.5000 | 1.0000 | 0.6667 | 3 |
                | contradiction | 1.0000 | 0.2500 | 0.4000 | 4 |
                """), md);
    }

    @Test
    void nerReportHasPerEntityTypeScoresAndCvTheirMeanOverFolds() {
        Map<String, Object> byType = new LinkedHashMap<>();
        byType.put("test", Map.of("precision", 0.75, "recall", 0.6, "f1", 2 * 0.75 * 0.6 / 1.35, "gold", 5,
                "predicted", 4, "correct", 3));
        byType.put("problem", Map.of("precision", 1.0, "recall", 1.0, "f1", 1.0, "gold", 2, "predicted", 2,
                "correct", 2));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("best_step", 5);
        metrics.put("steps", 10);
        metrics.put("dev", Map.of("metrics", Map.of("f1", 0.8), "details", Map.of("entity_by_type", byType)));
        String md = RunReport.markdown(config("i2b2-2010"), ENV, of(metrics));
        assertTrue(md.contains("""
                | type | precision | recall | F1 | gold | predicted | correct |
                |---|---:|---:|---:|---:|---:|---:|
                | problem | 1.0000 | 1.0000 | 1.0000 | 2 | 2 | 2 |
                | test | 0.7500 | 0.6000 | 0.6667 | 5 | 4 | 3 |
                """), md);

        Map<String, Object> cv = new LinkedHashMap<>();
        cv.put("cv_folds", 3);
        cv.put("test", Map.of("f1", Map.of("mean", 0.8, "std", 0.1)));
        cv.put("folds", List.of(
                Map.of("test", Map.of("details", Map.of("entity_by_type", Map.of("NAME", Map.of("f1", 0.5),
                        "DATE", Map.of("f1", 0.9))))),
                Map.of("test", Map.of("details", Map.of("entity_by_type", Map.of("NAME", Map.of("f1", 0.7))))),
                Map.of("test", Map.of("details", Map.of("entity_by_type", Map.of("NAME", Map.of("f1", 0.6)))))));
        String cvMd = RunReport.markdown(config("i2b2-2006"), ENV, of(cv));
        // NAME 0.5, 0.7, 0.6: mean 0.6, sample std 0.1; DATE only in one fold
        assertTrue(cvMd.contains("""
                ### F1 per entity type (test, over folds)

                | type | mean | std | folds |
                |---|---:|---:|---:|
                | DATE | 0.9000 | — | 1 |
                | NAME | 0.6000 | 0.1000 | 3 |
                """), cvMd);
    }

    @Test
    void learningCurveMarksTheBestCheckpoint() {
        TrainingState s = new TrainingState();
        s.steps.add(new TrainingState.StepRecord(1, 0, 1.0, 1e-3, 1.0));
        s.steps.add(new TrainingState.StepRecord(2, 0, 0.8, 1e-3, 1.0));
        s.evaluations.add(new TrainingState.EvalRecord(5, 0, 0.6, Map.of("accuracy", 0.6)));
        s.evaluations.add(new TrainingState.EvalRecord(10, 0, 0.9, Map.of("accuracy", 0.9)));
        s.evaluations.add(new TrainingState.EvalRecord(15, 1, 0.7, Map.of("accuracy", 0.7)));
        s.bestStep = 10;
        s.bestScore = 0.9;
        XYChart chart = LearningCurvePlot.chart("t", s, "accuracy");
        XYSeries mark = chart.getSeriesMap().get("best checkpoint: dev accuracy at step 10");
        assertArrayEquals(new double[] {10}, mark.getXData());
        assertArrayEquals(new double[] {0.9}, mark.getYData());
        assertEquals(3, chart.getSeriesMap().size());
    }
}
