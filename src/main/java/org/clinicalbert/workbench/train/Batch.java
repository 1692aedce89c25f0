package org.clinicalbert.workbench.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * One mini-batch as the graph's placeholders, by placeholder name, plus the number of examples
 * (for averaging metrics) and of real tokens (for throughput).
 */
public record Batch(Map<String, INDArray> feeds, int size, long tokens) {
}
