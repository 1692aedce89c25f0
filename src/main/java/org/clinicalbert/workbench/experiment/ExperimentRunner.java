package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.CurveCsv;

import org.clinicalbert.workbench.io.Jsonl;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;
import org.clinicalbert.workbench.runs.ProgressFiles;
import org.clinicalbert.workbench.runs.ResumeCommand;
import org.clinicalbert.workbench.runs.RunFolder;
import org.clinicalbert.workbench.runs.RunLock;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.runs.StatusFile;

import org.clinicalbert.workbench.data.features.NerWindowEncoder;
import org.clinicalbert.workbench.data.features.SentencePairEncoder;
import org.clinicalbert.workbench.data.mednli.NliPair;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.experiment.config.TrainConfig;
import org.clinicalbert.workbench.provenance.Provenance;
import org.clinicalbert.workbench.train.BertTaskModel;
import org.clinicalbert.workbench.train.EpochData;
import org.clinicalbert.workbench.train.Evaluator;
import org.clinicalbert.workbench.train.LinearWarmupDecay;
import org.clinicalbert.workbench.train.TrainingLoop;
import org.clinicalbert.workbench.train.TrainOptions;
import org.clinicalbert.workbench.train.TrainingListener;
import org.clinicalbert.workbench.train.TrainingState;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

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

    public Result run(ExperimentConfig config, Options options) throws IOException {
        // everything that can be wrong with the inputs fails before a run folder or a training step exists
        Path modelDir = modelDir(config);
        ModelFolder folder = openModel(config, modelDir);
        Prepared prepared = prepare(config, folder);
        Map<String, INDArray> weights = folder.readWeights();

        RunFolder.Claim claim = RunFolder.claim(config.output().dir(), config.name(), options.resume(),
                options.startIfNothingToResume(), log::warn);
        try (RunLock lock = claim.lock()) {
            if (claim.resuming()) {
                claim.folder().requireConfig(ConfigYaml.write(config));
                log.info("resuming run {}", claim.folder().dir());
            }
            return statusKept(config, options, claim.folder(), claim.resuming(), modelDir, folder, prepared, weights);
        }
    }

    private Result statusKept(ExperimentConfig config, Options options, RunFolder run, boolean resuming, Path modelDir,
                              ModelFolder folder, Prepared prepared, Map<String, INDArray> weights) throws IOException {
        String resume = options.resumeCommand() != null ? options.resumeCommand()
                : ResumeCommand.run(run.file("config.yaml"), ResumeCommand.Options.NONE);
        RunStatus initial = resuming ? RunStatus.read(run.dir()).map(s -> s.resumed(resume))
                .orElseGet(() -> RunStatus.started("run", resume)) : RunStatus.started("run", resume);
        StatusFile status = StatusFile.start(run.dir(), initial);
        try (StatusFile.SignalGuard signals = status.interruptOnSignal()) {
            return runLocked(config, options, run, resuming, modelDir, folder, prepared, weights, status);
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
        ModelFolder folder = openModel(config, modelDir(config));
        Prepared prepared = prepare(config, folder);
        if (prepared.cv == null) {
            throw new UserInputException(config.name() + " is not cross-validated (eval.cv_folds): it has no folds");
        }
        int k = prepared.cv.k();
        if (fold < 0 || fold >= k) {
            throw new UserInputException("fold " + (fold + 1) + " out of range: " + config.name() + " has " + k);
        }
        Map<String, INDArray> weights = folder.readWeights();
        RunFolder.open(runDir);
        Path dir = runDir.resolve("fold-" + (fold + 1));
        Files.createDirectories(dir);
        try (RunLock lock = RunLock.acquire(dir, log::warn)) {
            // the run folder's status.json is the driver's; this fold's progress stays in memory
            return fold(config, folder, weights, prepared, fold, dir, StatusFile.unwritten(RunStatus.started("run", null)),
                    true, options);
        }
    }

    /** Fold {@code fold} (0-based) into {@code dir}: read back when it finished before, else trained and scored. */
    private RunMetrics.Single fold(ExperimentConfig config, ModelFolder folder, Map<String, INDArray> weights,
                                   Prepared prepared, int fold, Path dir, StatusFile status, boolean resuming,
                                   Options options) throws IOException {
        java.util.Optional<RunMetrics> done = RunMetrics.readIfPresent(dir);
        if (done.isPresent()) {
            log.info("fold {} already finished: skipped", fold + 1);
            if (!(done.get() instanceof RunMetrics.Single s)) {
                throw new org.clinicalbert.workbench.io.InputFormatException(dir.resolve(RunMetrics.FILE), "cv_folds",
                        "a fold's metrics are those of one run, not a cross-validation");
            }
            return s;
        }
        RunMetrics.Single m = single(config, folder, weights, prepared.foldTask(fold), status, dir,
                "fold " + (fold + 1) + "/" + prepared.cv.k(), resuming, options);
        m.write(dir);
        return m;
    }

    private Path modelDir(ExperimentConfig config) {
        return config.model().path() != null ? config.model().path() : registry.resolve(config.model().init());
    }

    /** The model folder, checked against the config, with the thread count its size wants. */
    private ModelFolder openModel(ExperimentConfig config, Path modelDir) {
        ModelFolder folder = ModelFolder.open(modelDir, null,
                config.model().path() != null ? null : registry.casing(config.model().init()));
        log.info("model {}: {}, tokenizer {}", modelDir, folder.layout().description(), folder.casing().describe());
        // a fine-tuned run's model continues only as a model of its own kind (its head would load as the other's)
        org.clinicalbert.workbench.modelfolder.FineTunedHead.of(folder).ifPresent(h -> h.requireKind(
                config.task().isNer() ? org.clinicalbert.workbench.modelfolder.FineTunedHead.TOKEN
                        : org.clinicalbert.workbench.modelfolder.FineTunedHead.SEQUENCE, config.task().id()));
        int maxSeq = config.model().maxSeqLength();
        if (maxSeq > folder.config().maxPositionEmbeddings()) {
            throw new UserInputException("model.max_seq_length " + maxSeq + " exceeds the model's "
                    + "max_position_embeddings " + folder.config().maxPositionEmbeddings());
        }
        ThreadPolicy.apply(folder.config());
        return folder;
    }

    private Result runLocked(ExperimentConfig config, Options options, RunFolder run, boolean resuming, Path modelDir,
                             ModelFolder folder, Prepared prepared, Map<String, INDArray> weights, StatusFile status)
            throws IOException {
        run.writeText(ConfigYaml.FILE, ConfigYaml.write(config));
        Map<String, Object> env = RunEnvironment.capture(config.train().seed(), options.workingDir());
        env.put("model_dir", modelDir.toAbsolutePath().toString());
        env.put("checkpoint", folder.checkpointPrefix().toString());
        env.put("model_layout", folder.layout().name());
        env.put("do_lower_case", folder.doLowerCase());
        env.put("do_lower_case_from", folder.casing().source().description());
        env = run.writeEnvironment(env, resuming);
        try {
            RunMetrics metrics = (prepared.cv == null
                    ? single(config, folder, weights, prepared.task, status, run.dir(), "train", resuming, options)
                    : crossValidate(config, folder, weights, prepared, run, status, resuming, options))
                    .withDataNotes(prepared.notes);
            metrics.write(run.dir());
            run.writeText("report.md", RunReport.markdown(config, env, metrics));
            status.end(RunState.FINISHED, null);
            return new Result(run.dir(), metrics);
        } catch (RuntimeException | IOException e) {
            status.end(RunState.FAILED, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /** Encoded data for one split, or the pooled data and folds for cross-validation. */
    private record Prepared(TaskRun task, List<String> notes, CrossValidationSplit cv, IntFunction<TaskRun> foldTask) {

        TaskRun foldTask(int fold) {
            return foldTask.apply(fold);
        }
    }

    private Prepared prepare(ExperimentConfig config, ModelFolder folder) {
        int maxSeq = config.model().maxSeqLength();
        // eval.split dev is the dev-only mode: the test set is not even opened (a study selects on dev before any
        // test score exists)
        boolean test = "test".equals(config.eval().split());
        if (!config.task().isNer()) {
            TaskData<NliPair> d = TaskData.mednli(config.data(), test);
            requireTest(test, d.test());
            var encoder = new SentencePairEncoder(folder.tokenizer(), maxSeq);
            return new Prepared(new NliTaskRun(encoder, d.train(), d.dev(), d.test()), d.notes(), null, null);
        }
        TaskData<TaggedSentence> d = TaskData.ner(config.task(), config.data(), test);
        requireTest(test, d.test());
        var encoder = new NerWindowEncoder(folder.tokenizer(), maxSeq);
        Integer k = config.eval().cvFolds();
        if (k == null || k < 2) {
            return new Prepared(new NerTaskRun(encoder, d.labels(), d.train(), d.dev(), d.test()), d.notes(), null, null);
        }
        // cross-validation over train+dev by document (by patient for i2b2 2014); the fixed test split is scored
        // by every fold's model
        CrossValidationSplit cv = CrossValidationSplit.of(d, config.task(), k, config.data().splitSeed());
        List<String> notes = new ArrayList<>(d.notes());
        notes.add(cv.note());
        return new Prepared(null, notes, cv, fold -> new NerTaskRun(encoder, d.labels(), cv.train(fold),
                cv.heldOut(fold), d.test()));
    }

    private static void requireTest(boolean wanted, List<?> test) {
        if (wanted && test == null) {
            throw new UserInputException("eval.split is test but the config names no test data");
        }
    }

    private RunMetrics.CrossValidated crossValidate(ExperimentConfig config, ModelFolder folder,
                                                    Map<String, INDArray> weights, Prepared prepared, RunFolder run,
                                                    StatusFile status, boolean resuming, Options options)
            throws IOException {
        List<RunMetrics.Single> folds = new ArrayList<>();
        for (int f = 0; f < prepared.cv.k(); f++) {
            Path dir = run.dir().resolve("fold-" + (f + 1));
            Files.createDirectories(dir);
            folds.add(fold(config, folder, weights, prepared, f, dir, status, resuming, options));
        }
        return RunMetrics.CrossValidated.of(config.task().id(), folds);
    }

    /** Fine-tunes one model on one train/dev split and scores it; files go to {@code dir}. */
    private RunMetrics.Single single(ExperimentConfig config, ModelFolder folder, Map<String, INDArray> weights,
                                    TaskRun task, StatusFile status, Path dir, String label, boolean resuming,
                                    Options options) throws IOException {
        TrainConfig t = config.train();
        var d = config.data();
        Provenance.Recorder provenance = Provenance.start("run", ConfigYaml.write(config), t.seed(),
                config.model().maxSeqLength(), folder.doLowerCase(), folder.checkpointPrefix(), folder.weightsSource(),
                java.util.Arrays.asList(d.train(), d.dev(), d.test(), d.corpusDir()), options.workingDir());
        BertTaskModel model = BertTaskModel.create(task.kind(), folder.config(), task.labels().size(), t.dropout(),
                weights, folder.checkpointPrefix(), t.seed());
        int micro = t.microBatchSize();
        EpochData batches = task.trainBatches(micro, t.seed());
        long warmup = LinearWarmupDecay.warmupSteps(t.warmupProportion(),
                TrainingLoop.totalSteps(batches, t.epochs(), t.gradAccumSteps()));
        TrainOptions opts = new TrainOptions(t.epochs(), t.gradAccumSteps(), t.lr(), warmup,
                t.weightDecay(), t.maxGradNorm(), t.seed(), t.evalEverySteps() == null ? 0 : t.evalEverySteps(),
                t.checkpointEverySteps() == null ? 0 : t.checkpointEverySteps(),
                t.earlyStoppingPatience() == null ? 0 : t.earlyStoppingPatience());
        TensorBoardLog tensorBoard = t.tensorboard() ? new TensorBoardLog(dir, ConfigYaml.write(config)) : null;
        try (tensorBoard) {
            return trained(config, folder, task, dir, label, resuming, options, provenance, model, batches, opts,
                    status, tensorBoard);
        }
    }

    private RunMetrics.Single trained(ExperimentConfig config, ModelFolder folder, TaskRun task, Path dir, String label,
                                      boolean resuming, Options options, Provenance.Recorder provenance,
                                      BertTaskModel model, EpochData batches, TrainOptions opts, StatusFile status,
                                      TensorBoardLog tensorBoard) throws IOException {
        int micro = config.train().microBatchSize();
        Evaluator dev = m -> {
            Evaluation e = task.evaluate(m, TaskRun.Split.DEV, micro);
            if (tensorBoard != null) {
                tensorBoard.devDetails(e.details());
            }
            return new Evaluator.Result(e.score(), e.metrics());
        };
        TrainingListener listener = options.listeners() == null ? null : options.listeners().apply(label);
        Path ckpt = dir.resolve("checkpoints");
        // the files on disk first: a listener that stops the run (a test's fault) finds them current
        TrainingListener both = TrainingListener.all(new ProgressFiles(dir, status, task.scoreName(), label),
                tensorBoard, listener);
        TrainingLoop tuner = new TrainingLoop(model, opts, ckpt.resolve("last.ckpt"), ckpt.resolve("best.ckpt"), dev,
                both);
        TrainingState state;
        try {
            state = tuner.run(batches, resuming);
        } finally {
            if (listener instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // a progress bar that fails to close is not worth failing the run for
                }
            }
        }
        tuner.restoreBest();
        RunFolder out = RunFolder.open(dir);
        Evaluation devEval = task.evaluate(model, TaskRun.Split.DEV, micro);
        out.writeText("predictions-dev.jsonl", Jsonl.of(devEval.predictions()));
        Evaluation testEval = null;
        if ("test".equals(config.eval().split())) {
            testEval = task.evaluate(model, TaskRun.Split.TEST, micro);
            out.writeText("predictions-test.jsonl", Jsonl.of(testEval.predictions()));
            if (tensorBoard != null) {
                tensorBoard.test(state.step, testEval.metrics(), testEval.details());
            }
        }
        out.writeText("epochs.csv", CurveCsv.evaluationsCsv(state));
        out.writeText("steps.csv", CurveCsv.stepsCsv(state));
        LearningCurvePlot.write(dir.resolve("learning-curve.png"), config.name() + " (" + label + ")", state,
                task.scoreName());
        folder.writeFineTuned(dir.resolve("model"), model, task.labels(), state.bestStep, provenance);
        return new RunMetrics.Single(config.task().id(), task.scoreName(), task.trainSize(), state.step, state.bestStep,
                state.stoppedEarly, scores(devEval), testEval == null ? null : scores(testEval), null);
    }

    private static RunMetrics.SplitScores scores(Evaluation e) {
        return new RunMetrics.SplitScores(e.metrics(), e.details());
    }
}
