package org.clinicalbert.workbench.train;

import java.util.Map;

/** Scores the current model on held-out data; higher {@link Result#score()} is better. */
@FunctionalInterface
public interface Evaluator {

    Result evaluate(StepModel model);

    record Result(double score, Map<String, Double> metrics) {
    }
}
