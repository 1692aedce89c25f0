package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.RunMetrics;

import java.util.List;
import java.util.Map;

/**
 * A model scored on one split: flat metrics for tables and curves, the detailed report (per class or per
 * entity type, confusion matrix) for metrics.json, and one prediction record per example.
 */
public record Evaluation(double score, Map<String, Double> metrics, RunMetrics.SplitDetails details,
                         List<Map<String, Object>> predictions) {
}
