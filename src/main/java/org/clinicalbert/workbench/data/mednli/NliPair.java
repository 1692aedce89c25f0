package org.clinicalbert.workbench.data.mednli;

/** One premise/hypothesis pair with its gold label. */
public record NliPair(String pairId, String premise, String hypothesis, NliLabel label) {
}
