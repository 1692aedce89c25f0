package org.clinicalbert.workbench.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Trials run on Arbiter's worker thread while the caller reads the outcome: hence synchronized.
 */
final class SweepLedger {

    private final SweepConfig sweep;
    private final int planned;
    private final TreeMap<Integer, CandidateRecord> records = new TreeMap<>();
    private final String resume;
    private final String started = Instant.now().toString();
    private String state = "running";
    private static final ObjectMapper JSON = Json.PRETTY;

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
        AtomicFiles.writeBytes(sweep.outputDir().resolve("status.json"), JSON.writeValueAsBytes(status(o)));
    }

    /** The shared status schema: running, then finished (every candidate ran), failed (some failed) or interrupted. */
    private Map<String, Object> status(SweepOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        String s = state.equals("running") ? "running"
                : !state.equals("complete") ? "interrupted"
                : o.failed() > 0 ? "failed" : "finished";
        m.put("state", s);
        m.put("message", String.format("%s: %d finished, %d failed of %d candidates", state, o.finished(), o.failed(),
                planned));
        m.put("kind", "sweep");
        m.put("updated", Instant.now().toString());
        m.put("started", started);
        m.put("progress", Map.of("done", o.records().size(), "total", planned, "unit", "candidates"));
        m.put("best", o.best() == null ? null : Map.of("metric", sweep.score().toString(), "value", o.best().score()));
        m.put("phase", null);
        m.put("last_checkpoint_step", null);
        m.put("resume", s.equals("finished") ? null : resume);
        return m;
    }
}
