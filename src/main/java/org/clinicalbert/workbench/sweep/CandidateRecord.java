package org.clinicalbert.workbench.sweep;

import java.util.Map;

/**
 * What became of one candidate.
 *
 * @param score   the sweep's metric (null when failed)
 * @param dev     dev metrics (cross-validation: the mean over folds); empty when failed
 * @param test    test metrics, empty when the experiment scores dev only
 * @param runDir  the candidate's run folder (null if it failed before one existed)
 * @param reused  finished in an earlier invocation of the sweep and read back, not run again
 */
public record CandidateRecord(SweepCandidate candidate, Status status, Double score, Map<String, Double> dev,
                              Map<String, Double> test, String runDir, boolean reused, double seconds, String error) {

    public enum Status {
        FINISHED, FAILED;

        public String label() {
            return name().toLowerCase();
        }
    }

    public CandidateRecord {
        dev = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dev)); // keeps the run's metric order
        test = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(test));
    }

    public int number() {
        return candidate.number();
    }

    public boolean finished() {
        return status == Status.FINISHED;
    }
}
