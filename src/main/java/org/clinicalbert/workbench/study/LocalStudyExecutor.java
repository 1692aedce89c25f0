package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.compare.RunResult;
import org.clinicalbert.workbench.compare.RunScanner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.sweep.CandidateRunner;
import org.clinicalbert.workbench.sweep.SweepListener;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.clinicalbert.workbench.sweep.SweepRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs a study's jobs one after the other in this process (every fine-tuning run already uses all cores): grids
 * through the sweep runner, final runs through the experiment runner.
 */
public final class LocalStudyExecutor implements StudyExecutor {

    private final ConfigLoader loader;
    private final CandidateRunner runner;
    private final SweepListener sweepListener;

    /**
     * @param runner        runs one experiment config (the experiment runner; resume: continue an unfinished run
     *                      in the config's output folder, else start one)
     * @param sweepListener told about each grid candidate (progress lines); may be null
     */
    public LocalStudyExecutor(ConfigLoader loader, CandidateRunner runner, SweepListener sweepListener) {
        this.loader = loader;
        this.runner = runner;
        this.sweepListener = sweepListener;
    }

    /** Runs experiments with {@code experiments}, starting a run where there is nothing to resume. */
    public static CandidateRunner runner(ExperimentRunner experiments, Path workingDir,
                                         java.util.function.Function<String, org.clinicalbert.workbench.train.TrainingListener> progress) {
        return (config, resume) -> experiments.run(config, new ExperimentRunner.Options(resume, workingDir, progress, true));
    }

    @Override
    public List<SweepOutcome> grids(List<GridJob> jobs, Listener listener) throws IOException {
        List<SweepOutcome> out = new ArrayList<>();
        for (GridJob job : jobs) {
            SweepOutcome o = new SweepRunner(loader, runner, sweepListener).run(job.sweep(), null);
            out.add(o);
            listener.gridEnded(job, o);
        }
        return out;
    }

    @Override
    public List<FinalRun> finalRuns(List<FinalJob> jobs, Listener listener) throws IOException {
        List<FinalRun> out = new ArrayList<>();
        for (FinalJob job : jobs) {
            FinalRun run = finalRun(job);
            out.add(run);
            listener.finalRunEnded(job, run);
        }
        return out;
    }

    /** A finished run in the job's folder is read back: its test set was scored once, and only once. */
    private FinalRun finalRun(FinalJob job) throws IOException {
        Optional<Path> done = finished(job.outputDir());
        if (done.isPresent()) {
            return new FinalRun(job.cell(), job.seed(), done.get(), true);
        }
        ExperimentConfig config = loader.load(job.experiment(), job.sets());
        ExperimentRunner.Result r = runner.run(config, true);
        return new FinalRun(job.cell(), job.seed(), r.runDir(), false);
    }

    /** The newest finished run below {@code dir} (run folders are named by their start time). */
    public static Optional<Path> finished(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return RunScanner.scan(List.of(dir), "test").stream().map(RunResult::dir)
                .max(Comparator.comparing(p -> p.getFileName().toString()));
    }
}
