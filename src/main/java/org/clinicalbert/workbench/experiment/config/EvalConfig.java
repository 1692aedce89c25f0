package org.clinicalbert.workbench.experiment.config;

/**
 * What to score.
 *
 * @param split   {@code dev} or {@code test}
 * @param cvFolds k for k-fold cross-validation over train+dev (the study ran 10 for NER); null = the fixed split
 */
public record EvalConfig(String split, Integer cvFolds) {
}
