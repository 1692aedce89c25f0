package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.io.Json;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The console summary of run: an aligned table, for cross-validation mean/std/min/max over folds. */
class RunSummaryTableTest {

    @Test
    void crossValidationSummaryIsATable() {
        Map<String, Object> f1 = new LinkedHashMap<>();
        f1.put("mean", 0.9);
        f1.put("std", 0.02);
        f1.put("min", 0.88);
        f1.put("max", 0.925);
        f1.put("values", List.of(0.88, 0.925));
        Map<String, Object> tokenAccuracy = Map.of("mean", 0.975, "std", 0.001, "min", 0.974, "max", 0.976);
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("f1", f1);
        test.put("token_accuracy", tokenAccuracy);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("cv_folds", 2);
        metrics.put("test", test);
        assertEquals("""
                  2-fold cross-validation (mean and sample std over folds)
                  split  metric            mean     std     min     max
                  test   f1              0.9000  0.0200  0.8800  0.9250
                  test   token_accuracy  0.9750  0.0010  0.9740  0.9760
                """, RunCommand.summaryTable(RunMetrics.fromTree(Json.MAPPER.valueToTree(metrics), null)));
    }

    @Test
    void singleRunSummaryIsATable() {
        Map<String, Object> dev = new LinkedHashMap<>();
        dev.put("accuracy", 0.98333);
        dev.put("macro_f1", 0.9);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("dev", Map.of("metrics", dev, "details", Map.of()));
        metrics.put("test", Map.of("metrics", Map.of("accuracy", 0.5)));
        assertEquals("""
                  split  metric     value
                  dev    accuracy  0.9833
                  dev    macro_f1  0.9000
                  test   accuracy  0.5000
                """, RunCommand.summaryTable(RunMetrics.fromTree(Json.MAPPER.valueToTree(metrics), null)));
    }
}
