package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.experiment.RunFolder;
import org.clinicalbert.workbench.experiment.RunLock;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.sweep.CandidateFolder;
import org.clinicalbert.workbench.sweep.SweepCandidate;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepListener;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.clinicalbert.workbench.sweep.SweepSession;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A sweep on Spark: each unfinished candidate is one {@link ExperimentTask} (its whole experiment, CV folds
 * included), or with {@code splitFolds} one task per fold and then one that writes the candidate's summary from
 * the finished folds. The driver records every outcome in the same {@link SweepSession} as the local runner, so
 * the reports, the resume rules (finished candidates read back, an interrupted one continued from its checkpoint)
 * and the folders are the same; a task that still fails after Spark's retries makes its candidate failed and the
 * sweep goes on. The ledger is rewritten after every candidate, and a candidate's run folder is complete on disk
 * before the driver hears of it, so a killed driver loses no finished candidate.
 */
public final class SparkSweepRunner {

    private final SparkTaskRunner tasks;
    private final RunnerSetup setup;
    private final ConfigLoader loader;

    public SparkSweepRunner(SparkTaskRunner tasks, RunnerSetup setup, ConfigLoader loader) {
        this.tasks = tasks;
        this.setup = setup;
        this.loader = loader;
    }

    public SweepOutcome run(SweepConfig sweep, Integer maxCandidates, boolean splitFolds, SweepListener listener,
                            String resume) throws IOException, InterruptedException {
        try (SweepSession session = SweepSession.open(sweep, maxCandidates, listener, resume)) {
            if (sweep.maxMinutes() != null) {
                // as the local runner: no candidate starts after the limit; started ones finish
                tasks.deadline(Instant.now().plusMillis(Math.round(sweep.maxMinutes() * 60_000)));
            }
            for (SweepCandidate c : session.candidates()) {
                Optional<CandidateFolder.Finished> done = session.finished(c);
                if (done.isPresent()) {
                    int p = session.started(c, true);
                    session.recordFinished(c, p, done.get().runDir(), done.get().metrics(), true, 0);
                    continue;
                }
                ExperimentConfig config;
                try {
                    config = loader.load(sweep.experiment(), session.runOverrides(c));
                } catch (RuntimeException e) { // a value the schema rejects fails this candidate only, as locally
                    session.recordFailed(c, session.started(c, false), String.valueOf(e.getMessage()), 0);
                    continue;
                }
                session.claim(c);
                Integer k = config.eval().cvFolds();
                Candidate cand = new Candidate(session, c);
                if (splitFolds && k != null && k >= 2) {
                    Path runDir = RunFolder.latestUnfinished(session.folder(c))
                            .orElseGet(() -> create(session.folder(c))).dir();
                    Folds folds = new Folds(cand, k);
                    for (int f = 0; f < k; f++) {
                        tasks.submit(ExperimentTask.fold(setup, "candidate " + c.number() + " fold " + (f + 1) + "/" + k,
                                sweep.experiment(), session.runOverrides(c), runDir, f), cand::start, folds::ended);
                    }
                } else {
                    tasks.submit(cand.task(setup), cand::start, cand::ended);
                }
            }
            tasks.awaitAll();
            return session.finish();
        }
    }

    /** A new run folder for the candidate's folds, created locked and released (each fold locks its own folder). */
    private static RunFolder create(Path dir) {
        try (RunLock created = RunFolder.createLocked(dir)) {
            return RunFolder.open(created.dir());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One candidate's bookkeeping on the driver: started once, recorded once. */
    private static final class Candidate {
        private final SweepSession session;
        private final SweepCandidate c;
        private int position;
        private long startNanos;

        Candidate(SweepSession session, SweepCandidate c) {
            this.session = session;
            this.c = c;
        }

        ExperimentTask task(RunnerSetup setup) {
            return ExperimentTask.candidate(setup, "candidate " + c.number(), session.sweep().experiment(),
                    session.runOverrides(c));
        }

        void start() {
            if (position == 0) {
                position = session.started(c, false);
                startNanos = System.nanoTime();
            }
        }

        void ended(TaskOutcome<ExperimentTask.Result> o) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            if (o.ok()) {
                session.recordFinished(c, position, Path.of(o.result().runDir()), o.result().metrics(), false, seconds);
            } else {
                failed(o.error());
            }
        }

        void failed(String error) {
            session.recordFailed(c, position, error, (System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** A candidate's fold tasks: when the last ends, its summary task (or its failure, naming the first bad fold). */
    private final class Folds {
        private final Candidate cand;
        private int remaining;
        private String error;

        Folds(Candidate cand, int k) {
            this.cand = cand;
            this.remaining = k;
        }

        void ended(TaskOutcome<ExperimentTask.Result> o) {
            if (!o.ok() && error == null) {
                error = o.task().describe() + ": " + o.error();
            }
            if (--remaining > 0) {
                return;
            }
            if (error != null) {
                cand.failed(error);
            } else {
                tasks.submitFollowUp(cand.task(setup), cand::ended);
            }
        }
    }
}
