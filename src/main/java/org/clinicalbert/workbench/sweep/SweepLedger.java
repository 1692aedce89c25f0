package org.clinicalbert.workbench.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sweep's results so far, one record per candidate, rewritten to {@code sweep.json}, {@code sweep.csv},
 * {@code sweep.md} and the plots after every candidate, so a killed sweep leaves a complete report of what ran.
 * Trials run on Arbiter's worker thread while the caller reads the outcome: hence synchronized.
 */
final class SweepLedger {

    private final SweepConfig sweep;
    private final int planned;
    private final TreeMap<Integer, CandidateRecord> records = new TreeMap<>();
    private String state = "running";

    SweepLedger(SweepConfig sweep, int planned) {
        this.sweep = sweep;
        this.planned = planned;
    }

    synchronized void record(CandidateRecord r) throws IOException {
        records.put(r.number(), r);
        write();
    }

    synchronized void close(String finalState) throws IOException {
        state = finalState;
        write();
    }

    synchronized List<CandidateRecord> records() {
        return new ArrayList<>(records.values());
    }

    /** The finished candidate with the highest score; the lower number wins a tie. */
    synchronized Optional<CandidateRecord> best() {
        return records.values().stream().filter(CandidateRecord::finished)
                .max(Comparator.comparingDouble(CandidateRecord::score)
                        .thenComparing(Comparator.comparingInt(CandidateRecord::number).reversed()));
    }

    synchronized SweepOutcome outcome() {
        return new SweepOutcome(sweep, planned, records(), best().orElse(null), state);
    }

    private void write() throws IOException {
        SweepOutcome o = outcome();
        SweepReport.write(sweep.outputDir(), o);
        SweepPlot.write(sweep.outputDir(), o);
    }
}
