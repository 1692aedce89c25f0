package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sweep's results so far, one record per candidate, rewritten to {@code sweep.json}, {@code sweep.csv},
 * {@code sweep.md} and the plots after every candidate, so a killed sweep leaves a complete report of what ran,
 * and {@code status.json} in the schema every run, sweep and study folder shares (kind, state, progress, best,
 * the command that resumes it).
 * Synchronized so as not to depend on the thread an executor ends a candidate on (today the loop's own thread,
 * locally and for Spark's callbacks alike).
 */
final class SweepLedger {

    private final SweepConfig sweep;
    private final int planned;
    private final TreeMap<Integer, CandidateRecord> records = new TreeMap<>();
    private final String resume;
    private final String started = Instant.now().toString();
    /** sweep.json's state: running, then complete or stopped (time limit); see {@link SweepOutcome} */
    private String state = RunState.RUNNING.id();

    /** @param resume the command that continues the sweep (status.json), or null */
    SweepLedger(SweepConfig sweep, int planned, String resume) {
        this.sweep = sweep;
        this.planned = planned;
        this.resume = resume;
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
        status(o).write(sweep.outputDir());
    }

    /** The shared status schema: running, then finished (every candidate ran), failed (some failed) or interrupted. */
    private RunStatus status(SweepOutcome o) {
        RunState s = state.equals(RunState.RUNNING.id()) ? RunState.RUNNING
                : !state.equals(SweepOutcome.COMPLETE) ? RunState.INTERRUPTED
                : o.failed() > 0 ? RunState.FAILED : RunState.FINISHED;
        return new RunStatus(s, String.format("%s: %d finished, %d failed of %d candidates", state, o.finished(),
                o.failed(), planned), "sweep", Instant.now().toString(), started,
                new RunStatus.Progress(o.records().size(), planned, "candidates"),
                o.best() == null ? null : new RunStatus.Best(sweep.score().toString(), o.best().score()), null, null,
                s == RunState.FINISHED ? null : resume);
    }
}
