package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.io.WorkFailedException;
import org.clinicalbert.workbench.study.FinalJob;
import org.clinicalbert.workbench.study.FinalRun;
import org.clinicalbert.workbench.study.GridJob;
import org.clinicalbert.workbench.study.LocalStudyExecutor;
import org.clinicalbert.workbench.study.StudyExecutor;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepListener;
import org.clinicalbert.workbench.sweep.SweepOutcome;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A study's jobs on Spark, one task per grid candidate and one per final run: each grid runs as {@code sweep
 * --spark} runs a sweep (its candidates in parallel, grids one after another, because the selection of phase 2
 * needs them all anyway), and all final runs of phase 3 are submitted at once. Work a job finished earlier is read
 * back exactly as {@link LocalStudyExecutor} reads it (finished candidates by the sweep session, finished final runs
 * from their folder), so a re-submitted study resumes; job listeners are told on one thread at a time.
 */
public final class SparkStudyExecutor implements StudyExecutor {

    private final SparkTaskRunner tasks;
    private final RunnerSetup setup;
    private final ConfigLoader loader;
    private final SweepListener sweepListener;

    public SparkStudyExecutor(SparkTaskRunner tasks, RunnerSetup setup, ConfigLoader loader,
                              SweepListener sweepListener) {
        this.tasks = tasks;
        this.setup = setup;
        this.loader = loader;
        this.sweepListener = sweepListener;
    }

    @Override
    public List<SweepOutcome> grids(List<GridJob> jobs, Listener listener) throws IOException {
        List<SweepOutcome> out = new ArrayList<>();
        for (GridJob job : jobs) {
            // executors may run elsewhere: candidate folders by absolute path
            SweepConfig sweep = job.sweep().withOutputDir(job.sweep().outputDir().toAbsolutePath());
            SweepOutcome o;
            try {
                o = new SparkSweepRunner(tasks, setup, loader).run(sweep, null, false, sweepListener, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("study interrupted during the grid of " + sweep.name());
            }
            out.add(o);
            listener.gridEnded(job, o);
        }
        return out;
    }

    @Override
    public List<FinalRun> finalRuns(List<FinalJob> jobs, Listener listener) throws IOException {
        FinalRun[] runs = new FinalRun[jobs.size()];
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            FinalJob job = jobs.get(i);
            Optional<Path> done = LocalStudyExecutor.finished(job.outputDir());
            if (done.isPresent()) {
                runs[i] = new FinalRun(job.cell(), job.seed(), done.get(), true);
                listener.finalRunEnded(job, runs[i]);
                continue;
            }
            List<String> sets = new ArrayList<>(job.overrides());
            sets.add("output.dir=" + job.outputDir().toAbsolutePath());
            int index = i;
            String label = "final run " + job.cell() + ", seed " + job.seed();
            ExperimentConfig config;
            try {
                config = loader.load(job.experiment(), sets);
            } catch (RuntimeException e) { // as the task would have failed on the executor: this run only
                failures.add(label + ": " + e.getMessage());
                continue;
            }
            tasks.submit(ExperimentTask.candidate(setup, label, job.experiment(), config, sets), null, o -> {
                synchronized (runs) {
                    if (o.ok()) {
                        runs[index] = new FinalRun(job.cell(), job.seed(), Path.of(o.result().runDir()), false);
                        listener.finalRunEnded(job, runs[index]);
                    } else {
                        failures.add(o.task().describe() + ": " + o.error());
                    }
                }
            });
        }
        try {
            tasks.awaitAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("study interrupted during its final runs");
        }
        if (!failures.isEmpty()) {
            throw new WorkFailedException(failures.size() + " of " + jobs.size() + " final runs failed ("
                    + String.join("; ", failures) + "); the others are kept: --resume continues");
        }
        return Arrays.asList(runs);
    }
}
