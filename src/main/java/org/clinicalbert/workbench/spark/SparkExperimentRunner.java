package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.io.WorkFailedException;
import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.runs.RunFolder;
import org.clinicalbert.workbench.runs.RunLock;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code run EXPERIMENT --spark}: the folds of a cross-validated experiment as parallel tasks into one run folder,
 * then one task that writes the run's summary from them ({@link ExperimentRunner#run} with resume reads finished
 * folds back), so the folder and its numbers are those of the sequential run. An experiment without folds is one
 * task. A fold that fails after Spark's retries fails the run (exit 1) once the other folds have ended; re-running
 * with {@code --resume} keeps the finished folds and continues the others from their checkpoints.
 */
public final class SparkExperimentRunner {

    private final SparkTaskRunner tasks;
    private final RunnerSetup setup;

    private DriverStaging staging;

    public SparkExperimentRunner(SparkTaskRunner tasks, RunnerSetup setup) {
        this.tasks = tasks;
        this.setup = setup;
    }

    /**
     * Results on a store: {@code output.dir} given to {@link #run} (config and overrides) is {@code staging}'s
     * folder; the tasks work against the store and the run's status is uploaded as the driver sets it.
     */
    SparkExperimentRunner on(DriverStaging staging) {
        this.staging = staging;
        return this;
    }

    private ExperimentTask bound(ExperimentTask t) {
        return staging == null ? t : t.on(staging.binding());
    }

    private void uploadStatus(RunFolder run) throws IOException {
        if (staging != null) {
            staging.upload(staging.binding().rel(run.file(RunStatus.FILE).toString()));
        }
    }

    /**
     * @param overrides     the command line's {@code --set}s ({@code config} is what they gave on the driver)
     * @param foldEnded     told each fold's outcome as it ends (progress lines)
     */
    public ExperimentRunner.Result run(Path experiment, List<String> overrides, ExperimentConfig config,
                                       boolean resume, boolean startIfNothingToResume,
                                       Consumer<TaskOutcome<ExperimentTask.Result>> foldEnded)
            throws IOException, InterruptedException {
        Integer k = config.eval().cvFolds();
        if (k == null || k < 2) {
            return single(bound(ExperimentTask.whole(setup, config.name(), experiment, config, overrides, resume,
                    startIfNothingToResume)));
        }
        RunFolder run = resume ? RunFolder.latestUnfinished(config.output().dir()).orElse(null) : null;
        if (run == null) {
            if (resume && !startIfNothingToResume) {
                throw new InputFormatException(config.output().dir(), null, "nothing to resume: no unfinished run of "
                        + config.name() + " here (--resume-or-start starts a new run when there is none)");
            }
            // created locked, then released: the folds lock their own folders and the summary takes the run's
            try (RunLock created = RunFolder.createLocked(config.output().dir())) {
                run = RunFolder.open(created.dir());
            }
        }
        run.status(RunState.RUNNING, k + " folds on Spark");
        uploadStatus(run);
        List<String> failures = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            tasks.submit(bound(ExperimentTask.fold(setup, config.name() + " fold " + (f + 1) + "/" + k, experiment,
                    config, overrides, run.dir(), f)), null, o -> {
                        if (!o.ok()) {
                            failures.add(o.task().describe() + ": " + o.error());
                        }
                        foldEnded.accept(o);
                    });
        }
        tasks.awaitAll();
        if (!failures.isEmpty()) {
            run.status(RunState.FAILED, String.join("; ", failures));
            uploadStatus(run);
            throw new WorkFailedException(failures.size() + " of " + k + " folds failed (" + String.join("; ", failures)
                    + "); the others are kept: --resume continues");
        }
        // the newest unfinished run of output.dir is the one just filled: its summary reads the folds back
        return single(bound(ExperimentTask.whole(setup, config.name() + " summary", experiment, config, overrides,
                true, false)));
    }

    private ExperimentRunner.Result single(ExperimentTask task) throws InterruptedException {
        List<TaskOutcome<ExperimentTask.Result>> out = new ArrayList<>();
        tasks.submit(task, null, out::add);
        tasks.awaitAll();
        TaskOutcome<ExperimentTask.Result> o = out.get(0);
        if (!o.ok()) {
            throw new WorkFailedException(task.describe() + " failed on Spark: " + o.error());
        }
        return new ExperimentRunner.Result(Path.of(o.result().runDir()), o.result().metrics());
    }
}
