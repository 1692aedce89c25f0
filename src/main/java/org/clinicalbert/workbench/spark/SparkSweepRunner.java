package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.runs.RunFolder;
import org.clinicalbert.workbench.runs.RunLock;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.sweep.CandidateExecutor;
import org.clinicalbert.workbench.sweep.CandidateFolder;
import org.clinicalbert.workbench.sweep.CandidateLoop;
import org.clinicalbert.workbench.sweep.CandidateRecord;
import org.clinicalbert.workbench.sweep.SweepCandidate;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepListener;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.clinicalbert.workbench.sweep.SweepSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep on Spark: the {@link CandidateLoop} with an executor that makes each candidate it hands over one
 * {@link ExperimentTask} (its whole experiment, CV folds included), or with {@code splitFolds} one task per fold and
 * then one that writes the candidate's summary from the finished folds. The loop and the {@link SweepSession} are
 * the local runner's, so the reports, the resume rules (finished candidates read back, an interrupted one continued
 * from its checkpoint) and the folders are the same; a task that still fails after Spark's retries makes its
 * candidate failed and the sweep goes on (a path missing on an executor ends the sweep instead:
 * {@link SparkTaskRunner#awaitAll}). Each task carries the candidate's relative paths resolved as the driver loaded
 * them ({@link RunnerSetup#withAbsolutePaths}). The ledger is rewritten after every candidate, and a candidate's run
 * folder is complete on disk before the driver hears of it, so a killed driver loses no finished candidate.
 *
 * <p>With the sweep's {@code max_minutes}, no task starts after the limit. With {@code splitFolds} that can cut a
 * candidate after some of its folds: it is recorded as failed, naming the folds that did not start (it did not
 * finish, and a report that left it out would hide the folds it used), its finished folds are kept, and a
 * re-submit runs only the others before writing its summary.
 *
 * <p>With results on a Hadoop file system the session runs in a {@link DriverStaging} folder (the sweep's output
 * directory is that folder), tasks carry the {@link StoreBinding}, and each claimed manifest and every rewrite of
 * the ledger is uploaded at once.
 */
public final class SparkSweepRunner {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SparkSweepRunner.class);

    private final SparkTaskRunner tasks;
    private final RunnerSetup setup;
    private final ConfigLoader loader;

    private DriverStaging staging;
    private TrainingHook hook;

    public SparkSweepRunner(SparkTaskRunner tasks, RunnerSetup setup, ConfigLoader loader) {
        this.tasks = tasks;
        this.setup = setup;
        this.loader = loader;
    }

    /** Results on a store: the sweep's output directory given to {@link #run} must be {@code staging}'s folder. */
    SparkSweepRunner on(DriverStaging staging) {
        this.staging = staging;
        return this;
    }

    /** Adds {@code hook}'s listener to every candidate's training on the executors (the fault tests). */
    SparkSweepRunner with(TrainingHook hook) {
        this.hook = hook;
        return this;
    }

    /** The files the driver writes into the sweep folder, uploaded to a store after every candidate. */
    static final String[] LEDGER = {"sweep.json", "sweep.csv", "sweep.md", "sweep.png", RunStatus.FILE};

    public SweepOutcome run(SweepConfig sweep, Integer maxCandidates, boolean splitFolds, SweepListener listener,
                            String resume) throws IOException, InterruptedException {
        if (staging != null && !sweep.outputDir().toAbsolutePath().equals(staging.local())) {
            throw new IllegalArgumentException("the sweep's folder must be the staging folder of " + staging.store());
        }
        try (SweepSession session = SweepSession.open(sweep, maxCandidates, uploading(listener), resume)) {
            if (sweep.timeLimit() != null) {
                // the loop only queues candidates, so the task runner keeps the limit: no task starts after it
                tasks.deadlineIn(sweep.timeLimit());
            }
            Executor executor = new Executor(splitFolds);
            new CandidateLoop(loader).visit(session, executor, null);
            List<SparkTask<?>> dropped = tasks.awaitAll();
            for (Folds folds : executor.split) {
                folds.cut(dropped, sweep.maxMinutes());
            }
            SweepOutcome o = session.finish();
            upload(LEDGER);
            return o;
        }
    }

    /**
     * Queues a candidate the loop hands over as Spark tasks (its manifest uploaded first); its outcome is recorded
     * by the tasks' callbacks while the runner waits for them.
     */
    private final class Executor implements CandidateExecutor {
        private final boolean splitFolds;
        private final List<Folds> split = new ArrayList<>();

        Executor(boolean splitFolds) {
            this.splitFolds = splitFolds;
        }

        @Override
        public void execute(SweepSession session, SweepCandidate c, ExperimentConfig config) throws IOException {
            upload(c.folderName() + "/" + CandidateFolder.MANIFEST);
            Integer k = config.eval().cvFolds();
            Candidate cand = new Candidate(session, c, config);
            if (splitFolds && k != null && k >= 2) {
                Path runDir = RunFolder.latestUnfinished(session.folder(c))
                        .orElseGet(() -> create(session.folder(c))).dir();
                Folds folds = new Folds(cand, k);
                split.add(folds);
                for (int f = 0; f < k; f++) {
                    ExperimentTask t = bound(ExperimentTask.fold(setup, "candidate " + c.number() + " fold "
                            + (f + 1) + "/" + k, session.sweep().experiment(), config, session.runOverrides(c), runDir,
                            f));
                    folds.tasks.add(t);
                    tasks.submit(t, cand::start, folds::ended);
                }
            } else {
                tasks.submit(cand.task(setup), cand::start, cand::ended);
            }
        }
    }

    private ExperimentTask bound(ExperimentTask t) {
        return t.on(staging == null ? null : staging.binding()).with(hook);
    }

    /** Uploads the staging folder's files {@code rel}; a failure is the sweep's (its end, a manifest). */
    private void upload(String... rel) {
        if (staging == null) {
            return;
        }
        try {
            staging.upload(rel);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not upload " + String.join(", ", rel) + " to "
                    + staging.store() + ": " + e.getMessage(), e);
        }
    }

    /** The listener, and after every recorded candidate the rewritten ledger uploaded to the store. */
    private SweepListener uploading(SweepListener listener) {
        if (staging == null) {
            return listener;
        }
        SweepListener inner = listener == null ? new SweepListener() { } : listener;
        return new SweepListener() {
            @Override
            public void candidateStarted(SweepCandidate c, int position, int of, boolean reused) {
                inner.candidateStarted(c, position, of, reused);
            }

            @Override
            public void candidateEnded(CandidateRecord r, int position, int of, CandidateRecord best) {
                try {
                    upload(LEDGER);
                } catch (RuntimeException e) {
                    // the sweep goes on: the next candidate and the sweep's end upload the whole ledger again,
                    // and the candidates' run folders reached the store from their tasks
                    log.warn("could not upload the sweep report after candidate {}: {}", r.number(), e.getMessage());
                }
                inner.candidateEnded(r, position, of, best);
            }
        };
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
    private final class Candidate {
        private final SweepSession session;
        private final SweepCandidate c;
        /** As the driver loaded it: the task's relative paths are resolved from it. */
        private final ExperimentConfig config;
        private int position;
        private long startNanos;

        Candidate(SweepSession session, SweepCandidate c, ExperimentConfig config) {
            this.session = session;
            this.c = c;
            this.config = config;
        }

        ExperimentTask task(RunnerSetup setup) {
            return bound(ExperimentTask.candidate(setup, "candidate " + c.number(), session.sweep().experiment(),
                    config, session.runOverrides(c)));
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

        boolean started() {
            return position != 0;
        }

        void failed(String error) {
            session.recordFailed(c, position, error, (System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** A candidate's fold tasks: when the last ends, its summary task (or its failure, naming the first bad fold). */
    private final class Folds {
        private final Candidate cand;
        private final List<ExperimentTask> tasks = new ArrayList<>();
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
                SparkSweepRunner.this.tasks.submitFollowUp(cand.task(setup), cand::ended);
            }
        }

        /**
         * After the last task: a candidate some of whose folds the time limit dropped, once others had started, is
         * recorded failed (it did not finish; its finished folds stay for a re-submit). One none of whose folds
         * started is not visited, as a candidate the limit stops locally.
         */
        void cut(List<SparkTask<?>> dropped, Double maxMinutes) {
            List<String> notStarted = new ArrayList<>();
            for (int f = 0; f < tasks.size(); f++) {
                ExperimentTask t = tasks.get(f);
                if (dropped.stream().anyMatch(d -> d == t)) {
                    notStarted.add(String.valueOf(f + 1));
                }
            }
            if (notStarted.isEmpty() || !cand.started()) {
                return;
            }
            String cut = "the time limit (max_minutes " + maxMinutes + ") passed before fold(s) "
                    + String.join(", ", notStarted) + " of " + tasks.size() + " started; finished folds are kept "
                    + "and a re-submit runs the rest";
            cand.failed(error == null ? cut : error + "; " + cut);
        }
    }
}
