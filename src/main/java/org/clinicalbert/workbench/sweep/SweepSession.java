package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.RunMetrics;

import org.clinicalbert.workbench.runs.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One invocation of a sweep, whoever executes its candidates (in this JVM or as Spark tasks, both through the
 * {@link CandidateLoop}): the candidates it visits, their folders (checked against the sweep file before anything
 * runs, claimed before a candidate starts), finished candidates read back instead of rerun, and the ledger every
 * outcome goes into, so both executors write the same reports. The sweep folder's {@link RunLock} keeps a second
 * sweep process out and lets {@code workbench status} tell a killed sweep from a running one.
 */
public final class SweepSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SweepSession.class);

    private final SweepConfig sweep;
    private final List<SweepCandidate> candidates;
    private final SweepLedger ledger;
    private final SweepListener listener;
    private final RunLock lock;
    private final AtomicInteger position = new AtomicInteger();
    private final SweepHParams hparams;

    private SweepSession(SweepConfig sweep, List<SweepCandidate> candidates, SweepLedger ledger,
                         SweepListener listener, RunLock lock) {
        this.sweep = sweep;
        this.candidates = candidates;
        this.ledger = ledger;
        this.listener = listener;
        this.lock = lock;
        this.hparams = new SweepHParams(sweep);
        hparams.experiment(candidates);
    }

    /**
     * @param maxCandidates visit at most this many candidates (null: all planned)
     * @param resume        the command that continues this sweep, for {@code status.json}
     */
    public static SweepSession open(SweepConfig sweep, Integer maxCandidates, SweepListener listener, String resume)
            throws IOException {
        int limit = CandidateGenerators.planned(sweep);
        if (maxCandidates != null) {
            limit = Math.min(limit, maxCandidates);
        }
        if (limit < 1) {
            throw new UserInputException("nothing to run: --max-candidates must be at least 1");
        }
        List<SweepCandidate> list = CandidateGenerators.list(sweep, limit);
        // a folder left by an edited sweep file fails the whole sweep before anything runs, not candidate by candidate
        for (SweepCandidate c : list) {
            CandidateFolder.check(sweep.outputDir().resolve(c.folderName()), overridesOf(sweep, c));
        }
        Files.createDirectories(sweep.outputDir());
        RunLock lock = RunLock.acquire(sweep.outputDir(), log::warn);
        try {
            return new SweepSession(sweep, list, new SweepLedger(sweep, limit, resume), listener == null
                    ? new SweepListener() { } : listener, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public SweepConfig sweep() {
        return sweep;
    }

    /** The candidates this invocation visits, in the generator's order. */
    public List<SweepCandidate> candidates() {
        return candidates;
    }

    public int planned() {
        return candidates.size();
    }

    public Path folder(SweepCandidate c) {
        return sweep.outputDir().resolve(c.folderName());
    }

    /** The sweep's fixed overrides, then the candidate's own. */
    public List<String> overrides(SweepCandidate c) {
        return overridesOf(sweep, c);
    }

    private static List<String> overridesOf(SweepConfig sweep, SweepCandidate c) {
        List<String> overrides = new ArrayList<>(sweep.fixed());
        overrides.addAll(c.overrides());
        return overrides;
    }

    /** The overrides that run the candidate's experiment into its own folder. */
    public List<String> runOverrides(SweepCandidate c) {
        List<String> sets = overrides(c);
        sets.add("output.dir=" + folder(c));
        return sets;
    }

    /** The candidate's finished run from an earlier invocation, if any. */
    public Optional<CandidateFolder.Finished> finished(SweepCandidate c) throws IOException {
        CandidateFolder.check(folder(c), overrides(c));
        return CandidateFolder.finishedRun(folder(c));
    }

    /** Marks the folder as this candidate's (its manifest) before its experiment runs there. */
    public void claim(SweepCandidate c) throws IOException {
        CandidateFolder.claim(folder(c), c.number(), overrides(c));
    }

    /** Tells the listener a candidate starts (or is read back); the position counts visits in this invocation. */
    public int started(SweepCandidate c, boolean reused) {
        int p = position.incrementAndGet();
        if (!reused) {
            hparams.started(c);
        }
        listener.candidateStarted(c, p, planned(), reused);
        return p;
    }

    /** Scores a finished run and records it; a metric the run lacks makes the candidate failed. */
    public CandidateRecord recordFinished(SweepCandidate c, int position, Path runDir, RunMetrics metrics,
                                          boolean reused, double seconds) {
        double score;
        try {
            score = sweep.score().valueIn(metrics);
        } catch (RuntimeException e) {
            return recordFailed(c, position, String.valueOf(e.getMessage()), seconds);
        }
        return record(new CandidateRecord(c, CandidateRecord.Status.FINISHED, score,
                metrics.scores("dev"), metrics.scores("test"), runDir.toString(),
                reused, seconds, null), position);
    }

    public CandidateRecord recordFailed(SweepCandidate c, int position, String error, double seconds) {
        return record(new CandidateRecord(c, CandidateRecord.Status.FAILED, null, Map.of(), Map.of(),
                folder(c).toString(), false, seconds, error), position);
    }

    private CandidateRecord record(CandidateRecord r, int position) {
        try {
            ledger.record(r);
            hparams.ended(r);
        } catch (IOException | RuntimeException e) {
            log.error("could not write the sweep report after candidate {}", r.number(), e);
        }
        listener.candidateEnded(r, position, planned(), ledger.best().orElse(null));
        return r;
    }

    public int visited() {
        return ledger.records().size();
    }

    /** Writes the final reports: complete when every candidate was visited, else stopped by the time limit. */
    public SweepOutcome finish() throws IOException {
        ledger.close(visited() >= planned() ? "complete" : "stopped (time limit " + sweep.maxMinutes() + " min)");
        return ledger.outcome();
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
