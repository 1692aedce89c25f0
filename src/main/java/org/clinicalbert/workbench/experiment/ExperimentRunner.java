package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.RunFolder;
import org.clinicalbert.workbench.runs.RunLock;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.runs.StatusFile;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Runs one experiment config end to end: model folder and data checked first, then fine-tuning with dev
 * evaluation, the best model scored on dev and test, and everything written into the run's results folder
 * (config, environment, metrics, per-epoch CSV, predictions, learning curve, the fine-tuned model as a
 * TensorFlow checkpoint, report). With k-fold cross-validation each fold is a sub-run and the summary is
 * mean ± std over folds.
 */
public final class ExperimentRunner {

    private static final Logger log = LoggerFactory.getLogger(ExperimentRunner.class);

    /**
     * @param resume     continue the newest unfinished run of this experiment from its checkpoint
     * @param listeners  progress listener for a (sub-)run, by its label ("train", "fold 3/10"); may return null
     * @param startIfNothingToResume with {@code resume}: start a new run when there is no unfinished one (else
     *                   that is an error: the user expected to continue something)
     * @param resumeCommand the exact command that continues this run, recorded in status.json (null: one built
     *                   from the run's own config.yaml)
     */
    public record Options(boolean resume, Path workingDir, Function<String, TrainingListener> listeners,
                          boolean startIfNothingToResume, String resumeCommand) {

        public Options(boolean resume, Path workingDir, Function<String, TrainingListener> listeners) {
            this(resume, workingDir, listeners, false);
        }

        public Options(boolean resume, Path workingDir, Function<String, TrainingListener> listeners,
                       boolean startIfNothingToResume) {
            this(resume, workingDir, listeners, startIfNothingToResume, null);
        }
    }

    /** @param where the run folder as the user should read it (a Hadoop URI for a run on a results store) */
    public record Result(Path runDir, RunMetrics metrics, String where) {

        public Result(Path runDir, RunMetrics metrics) {
            this(runDir, metrics, runDir.toString());
        }
    }

    private final ModelRegistry registry;

    public ExperimentRunner(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * The run, in the order its walk takes (docs/run-path.md): the config resolved into a {@link RunContext} (model
     * source and data files located), the data read ({@link TaskData}), the model loaded ({@link RunModel}: folder
     * opened and checked, weights read), the data encoded for it ({@link PreparedRun}: one split or k folds), then
     * the loop ({@link FineTuning}) and its results ({@link RunResults}: metrics, report, status) in the run folder,
     * claimed only now that the inputs are known good.
     */
    public Result run(ExperimentConfig config, Options options) throws IOException {
        return run(RunContext.of(config, registry, options));
    }

    /** {@link #run(ExperimentConfig, Options)} from its context, resolved by the caller. */
    public Result run(RunContext context) throws IOException {
        // everything that can be wrong with the inputs fails before a run folder or a training step exists
        TaskData<?> examples = TaskData.of(context);
        RunModel model = RunModel.load(context);
        PreparedRun data = PreparedRun.of(context, examples, model.folder());
        FineTuning tuning = new FineTuning(context, model);
        try (RunResults results = RunResults.claim(context, model)) {
            try {
                return results.finish(tuning.run(data, results.top()));
            } catch (RuntimeException | IOException e) {
                results.failed(e);
                throw e;
            }
        }
    }

    /**
     * Trains and scores one fold (0-based) of a cross-validated experiment into {@code runDir/fold-<n>}, exactly as
     * the sequential loop of {@link #run} does (same data split, seed and files), and returns its metrics. Folds run
     * this way in parallel (one Spark task each); {@link #run} with {@code resume} then reads the finished folds back
     * and writes the run's summary. A fold that finished already is read back, an interrupted one resumes from its
     * checkpoint; the fold folder's {@link RunLock} keeps two tasks off one fold.
     */
    public RunMetrics.Single runFold(ExperimentConfig config, Path runDir, int fold, Options options)
            throws IOException {
        RunContext context = RunContext.of(config, registry, options);
        TaskData<?> examples = TaskData.of(context);
        RunModel model = RunModel.load(context);
        if (!(PreparedRun.of(context, examples, model.folder()) instanceof PreparedRun.CrossValidated cv)) {
            throw new UserInputException(config.name() + " is not cross-validated (eval.cv_folds): it has no folds");
        }
        int k = cv.k();
        if (fold < 0 || fold >= k) {
            throw new UserInputException("fold " + (fold + 1) + " out of range: " + config.name() + " has " + k);
        }
        FineTuning tuning = new FineTuning(context, model);
        RunFolder.open(runDir);
        // the run folder's status.json is the driver's; this fold's progress stays in memory
        SubRun at = new SubRun(runDir, "train", true, StatusFile.unwritten(RunStatus.started("run", null)))
                .fold(fold, k);
        Files.createDirectories(at.dir());
        try (RunLock lock = RunLock.acquire(at.dir(), log::warn)) {
            return tuning.fold(cv, fold, at);
        }
    }
}
