package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.io.Json;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The score path reads single-run and cross-validated metrics maps as ExperimentRunner writes them. */
class SweepScoreTest {

    /** The maps as metrics.json would hold them, read as the runner's files are. */
    private static RunMetrics of(Map<String, Object> m) {
        return RunMetrics.fromTree(Json.MAPPER.valueToTree(m), null);
    }

    @Test
    void singleRunMetrics() {
        Map<String, Object> m = Map.of("dev", Map.of("metrics", Map.of("accuracy", 0.75, "macro_f1", 0.5),
                "details", Map.of("per_class", Map.of())));
        assertEquals(0.75, MetricPath.parse("dev.accuracy").valueIn(of(m)));
        assertEquals(Map.of("accuracy", 0.75, "macro_f1", 0.5), of(m).scores("dev"));
    }

    @Test
    void crossValidatedMetricsScoreTheMeanOverFolds() {
        // as the runner writes it: cv_folds marks a cross-validated run
        Map<String, Object> m = Map.of("cv_folds", 2,
                "dev", Map.of("f1", Map.of("mean", 0.8, "std", 0.02, "values", List.of(0.78, 0.82))),
                "test", Map.of("f1", Map.of("mean", 0.7, "std", 0.01)));
        assertEquals(0.8, MetricPath.parse("dev.f1").valueIn(of(m)));
        assertEquals(0.7, MetricPath.parse("test.f1").valueIn(of(m)));
    }

    @Test
    void missingMetricNamesWhatTheRunHas() {
        Map<String, Object> m = Map.of("dev", Map.of("metrics", Map.of("f1", 0.5, "precision", 0.4)));
        UserInputException e = assertThrows(UserInputException.class,
                () -> MetricPath.parse("dev.accuracy").valueIn(of(m)));
        assertTrue(e.getMessage().contains("dev has: f1, precision") || e.getMessage().contains("dev has: precision, f1"),
                e.getMessage());
        assertThrows(UserInputException.class, () -> MetricPath.parse("train.loss"));
        assertThrows(UserInputException.class, () -> MetricPath.parse("dev."));
    }
}
