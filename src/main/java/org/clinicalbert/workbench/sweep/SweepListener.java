package org.clinicalbert.workbench.sweep;

/** Progress of a sweep, for the command line; called on the thread that runs the candidate loop. */
public interface SweepListener {

    /** @param position 1-based position in this invocation; {@code of} candidates planned */
    default void candidateStarted(SweepCandidate candidate, int position, int of, boolean reused) {
    }

    default void candidateEnded(CandidateRecord record, int position, int of, CandidateRecord bestSoFar) {
    }
}
