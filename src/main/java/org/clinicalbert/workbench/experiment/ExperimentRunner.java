package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.checkpoint.TfCheckpointWriter;
import org.clinicalbert.workbench.data.features.NerWindowEncoder;
import org.clinicalbert.workbench.data.features.SentencePairEncoder;
import org.clinicalbert.workbench.data.mednli.NliPair;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.eval.Aggregate;
import org.clinicalbert.workbench.eval.Fold;
import org.clinicalbert.workbench.eval.FoldSummary;
import org.clinicalbert.workbench.eval.KFold;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    public record Result(Path runDir, Map<String, Object> metrics) {
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

        RunFolder run = options.resume()
                ? RunFolder.latestUnfinished(config.output().dir()).orElse(null)
                : null;
        boolean resuming = run != null;
        if (options.resume() && run == null && !options.startIfNothingToResume()) {
            throw new org.clinicalbert.workbench.io.InputFormatException(config.output().dir(), null,
                    "nothing to resume: no unfinished run of " + config.name() + " here (--resume-or-start starts "
                            + "a new run when there is none)");
        }
        RunLock owned;
        if (run == null) {
            owned = RunFolder.createLocked(config.output().dir());
            run = RunFolder.open(owned.dir());
        } else {
            requireSameConfig(run, config);
            log.info("resuming run {}", run.dir());
            owned = RunLock.acquire(run.dir(), log::warn);
        }
        try (RunLock lock = owned) {
            return statusKept(config, options, run, resuming, modelDir, folder, prepared, weights);
        }
    }

    private Result statusKept(ExperimentConfig config, Options options, RunFolder run, boolean resuming, Path modelDir,
                              ModelFolder folder, Prepared prepared, Map<String, INDArray> weights) throws IOException {
        String resume = options.resumeCommand() != null ? options.resumeCommand()
                : "./workbench run " + run.file("config.yaml") + " --resume";
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
    public Map<String, Object> runFold(ExperimentConfig config, Path runDir, int fold, Options options)
            throws IOException {
        ModelFolder folder = openModel(config, modelDir(config));
        Prepared prepared = prepare(config, folder);
        if (prepared.folds == null) {
            throw new IllegalArgumentException(config.name() + " is not cross-validated (eval.cv_folds): it has no folds");
        }
        int k = prepared.folds.size();
        if (fold < 0 || fold >= k) {
            throw new IllegalArgumentException("fold " + (fold + 1) + " out of range: " + config.name() + " has " + k);
        }
        Map<String, INDArray> weights = folder.readWeights();
        RunFolder run = RunFolder.open(runDir);
        Path dir = runDir.resolve("fold-" + (fold + 1));
        Files.createDirectories(dir);
        try (RunLock lock = RunLock.acquire(dir, log::warn)) {
            Map<String, Object> m = readIfFinished(dir);
            if (m != null) {
                log.info("fold {} already finished: skipped", fold + 1);
                return m;
            }
            // the run folder's status.json is the driver's; this fold's progress stays in memory
            StatusFile status = StatusFile.unwritten(RunStatus.started("run", null));
            m = single(config, folder, weights, prepared.foldTask.apply(prepared.folds.get(fold)), status, dir,
                    "fold " + (fold + 1) + "/" + k, true, options);
            RunFolder.open(dir).writeJson("metrics.json", m);
            return m;
        }
    }

    private Path modelDir(ExperimentConfig config) {
        return config.model().path() != null ? config.model().path() : registry.resolve(config.model().init());
    }

    /** The model folder, checked against the config, with the thread count its size wants. */
    private ModelFolder openModel(ExperimentConfig config, Path modelDir) {
        ModelFolder folder = ModelFolder.open(modelDir, null,
                config.model().path() != null ? null : registry.casing(config.model().init()));
        log.info("model {}: {}, tokenizer {}", modelDir, folder.layout().description(), folder.casing().describe());
        int maxSeq = config.model().maxSeqLength();
        if (maxSeq > folder.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("model.max_seq_length " + maxSeq + " exceeds the model's "
                    + "max_position_embeddings " + folder.config().maxPositionEmbeddings());
        }
        ThreadPolicy.apply(folder.config());
        return folder;
    }

    private Result runLocked(ExperimentConfig config, Options options, RunFolder run, boolean resuming, Path modelDir,
                             ModelFolder folder, Prepared prepared, Map<String, INDArray> weights, StatusFile status)
            throws IOException {
        run.writeText("config.yaml", ConfigYaml.write(config));
        Map<String, Object> env = RunEnvironment.capture(config.train().seed(), options.workingDir());
        env.put("model_dir", modelDir.toAbsolutePath().toString());
        env.put("checkpoint", folder.checkpointPrefix().toString());
        env.put("model_layout", folder.layout().name());
        env.put("do_lower_case", folder.doLowerCase());
        env.put("do_lower_case_from", folder.casing().source().description());
        if (resuming && java.nio.file.Files.exists(run.file("environment.json"))) {
            // keep the first start's provenance; each resume is recorded beside it
            @SuppressWarnings("unchecked")
            Map<String, Object> first = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(run.file("environment.json").toFile(), Map.class);
            @SuppressWarnings("unchecked")
            List<Object> resumes = (List<Object>) first.computeIfAbsent("resumed", k -> new ArrayList<>());
            resumes.add(env);
            env = first;
        }
        run.writeJson("environment.json", env);
        try {
            Map<String, Object> metrics = prepared.folds == null
                    ? single(config, folder, weights, prepared.task, status, run.dir(), "train", resuming, options)
                    : crossValidate(config, folder, weights, prepared, run, status, resuming, options);
            metrics.put("data_notes", prepared.notes);
            run.writeJson("metrics.json", metrics);
            run.writeText("report.md", RunReport.markdown(config, env, metrics));
            status.end(RunStatus.FINISHED, null);
            return new Result(run.dir(), metrics);
        } catch (RuntimeException | IOException e) {
            status.end(RunStatus.FAILED, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /**
     * A run continues only under the config it started with: its checkpoint, schedule (total steps), batches
     * and folds all follow from that config, so a changed value would silently mix two experiments.
     */
    private static void requireSameConfig(RunFolder run, ExperimentConfig config) throws IOException {
        Path saved = run.file("config.yaml");
        String now = ConfigYaml.write(config);
        if (Files.exists(saved) && !Files.readString(saved).equals(now)) {
            throw new IllegalArgumentException("cannot resume " + run.dir() + ": the config differs from the run's "
                    + saved + " (start a new run without resume, or restore the config)");
        }
    }

    /** Encoded data for one split, or the pooled data and folds for cross-validation. */
    private record Prepared(TaskRun task, List<String> notes, List<Fold> folds,
                            Function<Fold, TaskRun> foldTask) {
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
        List<TaggedSentence> pool = new ArrayList<>(d.train());
        pool.addAll(d.dev());
        Function<String, String> unit = TaskData.splitUnit(config.task());
        Set<String> docs = new java.util.LinkedHashSet<>();
        pool.forEach(s -> docs.add(unit.apply(s.documentId())));
        if (docs.size() < k) {
            throw new IllegalArgumentException("eval.cv_folds " + k + " exceeds the " + docs.size()
                    + (config.task() == org.clinicalbert.workbench.experiment.config.Task.I2B2_2014 ? " patients" : " documents")
                    + " of train+dev");
        }
        List<Fold> folds = new KFold(k, config.data().splitSeed()).split(docs);
        Function<Fold, TaskRun> foldTask = fold -> {
            Set<String> held = new HashSet<>(fold.heldOut());
            List<TaggedSentence> train = pool.stream().filter(s -> !held.contains(unit.apply(s.documentId()))).toList();
            List<TaggedSentence> dev = pool.stream().filter(s -> held.contains(unit.apply(s.documentId()))).toList();
            return new NerTaskRun(encoder, d.labels(), train, dev, d.test());
        };
        return new Prepared(null, d.notes(), folds, foldTask);
    }

    private static void requireTest(boolean wanted, List<?> test) {
        if (wanted && test == null) {
            throw new IllegalArgumentException("eval.split is test but the config names no test data");
        }
    }

    private Map<String, Object> crossValidate(ExperimentConfig config, ModelFolder folder, Map<String, INDArray> weights,
                                              Prepared prepared, RunFolder run, StatusFile status, boolean resuming,
                                              Options options)
            throws IOException {
        List<Map<String, Double>> devByFold = new ArrayList<>();
        List<Map<String, Double>> testByFold = new ArrayList<>();
        List<Object> perFold = new ArrayList<>();
        int k = prepared.folds.size();
        for (Fold fold : prepared.folds) {
            Path dir = run.dir().resolve("fold-" + (fold.index() + 1));
            Files.createDirectories(dir);
            Map<String, Object> m = readIfFinished(dir);
            if (m == null) {
                m = single(config, folder, weights, prepared.foldTask.apply(fold), status, dir,
                        "fold " + (fold.index() + 1) + "/" + k, resuming, options);
                RunFolder.open(dir).writeJson("metrics.json", m);
            } else {
                log.info("fold {} already finished: skipped", fold.index() + 1);
            }
            devByFold.add(doubles(m.get("dev")));
            if (m.get("test") != null) {
                testByFold.add(doubles(m.get("test")));
            }
            perFold.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", config.task().id());
        out.put("cv_folds", k);
        out.put("dev", summaries(Aggregate.across(devByFold)));
        if (!testByFold.isEmpty()) {
            out.put("test", summaries(Aggregate.across(testByFold)));
        }
        out.put("folds", perFold);
        return out;
    }

    private static Map<String, Object> summaries(Map<String, FoldSummary> s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.forEach((metric, f) -> out.put(metric, Map.of("mean", f.mean(), "std", f.std(), "min", f.min(),
                "max", f.max(), "values", f.values())));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> doubles(Object metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        ((Map<String, Object>) ((Map<String, Object>) metrics).get("metrics")).forEach((key, v) ->
                out.put(key, ((Number) v).doubleValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readIfFinished(Path dir) throws IOException {
        Path f = dir.resolve("metrics.json");
        return Files.exists(f) ? new com.fasterxml.jackson.databind.ObjectMapper().readValue(f.toFile(), Map.class) : null;
    }

    /** Fine-tunes one model on one train/dev split and scores it; files go to {@code dir}. */
    private Map<String, Object> single(ExperimentConfig config, ModelFolder folder, Map<String, INDArray> weights,
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
        Evaluator dev = m -> {
            Evaluation e = task.evaluate(m, TaskRun.Split.DEV, micro);
            return new Evaluator.Result(e.score(), e.metrics());
        };
        TrainingListener listener = options.listeners() == null ? null : options.listeners().apply(label);
        Path ckpt = dir.resolve("checkpoints");
        // the files on disk first: a listener that stops the run (a test's fault) finds them current
        TrainingListener both = TrainingListener.all(new ProgressFiles(dir, status, task.scoreName(), label), listener);
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", config.task().id());
        result.put("score_name", task.scoreName());
        result.put("train_examples", task.trainSize());
        result.put("steps", state.step);
        result.put("best_step", state.bestStep);
        result.put("stopped_early", state.stoppedEarly);
        Evaluation devEval = task.evaluate(model, TaskRun.Split.DEV, micro);
        result.put("dev", Map.of("metrics", devEval.metrics(), "details", devEval.details()));
        out.writeText("predictions-dev.jsonl", Jsonl.of(devEval.predictions()));
        if ("test".equals(config.eval().split())) {
            Evaluation testEval = task.evaluate(model, TaskRun.Split.TEST, micro);
            result.put("test", Map.of("metrics", testEval.metrics(), "details", testEval.details()));
            out.writeText("predictions-test.jsonl", Jsonl.of(testEval.predictions()));
        }
        out.writeText("epochs.csv", RunReport.evaluationsCsv(state));
        out.writeText("steps.csv", RunReport.stepsCsv(state));
        LearningCurvePlot.write(dir.resolve("learning-curve.png"), config.name() + " (" + label + ")", state,
                task.scoreName());
        exportModel(dir.resolve("model"), folder, model, task.labels(), state.bestStep, provenance);
        return result;
    }

    /** The fine-tuned model as a google-style folder: bert_config.json, vocab.txt, labels and a TF checkpoint. */
    private static void exportModel(Path dir, ModelFolder folder, BertTaskModel model, List<String> labels, long step,
                                    Provenance.Recorder provenance) throws IOException {
        Files.createDirectories(dir);
        org.clinicalbert.workbench.io.AtomicFiles.writeString(dir.resolve("bert_config.json"), folder.config().toJson());
        Files.copy(folder.dir().resolve("vocab.txt"), dir.resolve("vocab.txt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // the casing the run tokenized with, so that predict and export use the same
        org.clinicalbert.workbench.io.AtomicFiles.writeString(dir.resolve(Casing.TOKENIZER_CONFIG),
                "{\"do_lower_case\": " + folder.doLowerCase() + "}\n");
        org.clinicalbert.workbench.io.AtomicFiles.writeString(dir.resolve("labels.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                        Map.of("kind", model.kind().name(), "labels", labels)));
        TfCheckpointWriter.create().write(dir.resolve("model.ckpt-" + Math.max(step, 0)), model.parameters(),
                Math.max(step, 0));
        provenance.writeTo(dir);
    }
}
