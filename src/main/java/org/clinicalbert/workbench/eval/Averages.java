package org.clinicalbert.workbench.eval;

/** Averaged precision, recall and F1 over a set of classes. */
public record Averages(double precision, double recall, double f1) {
}
