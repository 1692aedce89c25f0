package org.clinicalbert.workbench.sweep;

import java.util.List;

/**
 * A sweep's state: what ran, how it scored, the best candidate.
 *
 * @param planned candidates this invocation meant to visit
 * @param state   running, complete, or stopped (time limit)
 */
public record SweepOutcome(SweepConfig sweep, int planned, List<CandidateRecord> records, CandidateRecord best,
                           String state) {

    /** {@link #state} when every planned candidate ran (else running, or stopped (time limit N min)). */
    public static final String COMPLETE = "complete";

    public SweepOutcome {
        records = List.copyOf(records);
    }

    public long finished() {
        return records.stream().filter(CandidateRecord::finished).count();
    }

    public long failed() {
        return records.size() - finished();
    }

    public boolean isBest(CandidateRecord r) {
        return best != null && best.number() == r.number();
    }
}
