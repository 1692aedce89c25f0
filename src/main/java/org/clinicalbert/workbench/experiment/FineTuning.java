package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Jsonl;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.runs.CurveCsv;
import org.clinicalbert.workbench.runs.ProgressFiles;
import org.clinicalbert.workbench.runs.RunFolder;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.experiment.config.TrainConfig;
import org.clinicalbert.workbench.provenance.Provenance;
import org.clinicalbert.workbench.train.BertTaskModel;
import org.clinicalbert.workbench.train.EpochData;
import org.clinicalbert.workbench.train.Evaluator;
import org.clinicalbert.workbench.train.LinearWarmupDecay;
import org.clinicalbert.workbench.train.TrainOptions;
import org.clinicalbert.workbench.train.TrainingListener;
import org.clinicalbert.workbench.train.TrainingLoop;
import org.clinicalbert.workbench.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The loop of a run: one model fine-tuned on one encoded split with dev evaluation, the best checkpoint scored on
 * dev (and test) and that sub-run's files written: predictions, per-epoch and per-step CSVs, learning curve,
 * TensorBoard events, the fine-tuned model. A cross-validated run uses one per fold, all from the same weights.
 */
final class FineTuning {

    private static final Logger log = LoggerFactory.getLogger(FineTuning.class);

    private final RunContext context;
    private final RunModel model;

    /** @param model the model folder and its weights, read once per run and shared by every fold */
    FineTuning(RunContext context, RunModel model) {
        this.context = context;
        this.model = model;
    }

    /**
     * The loop of a run: a single split trained once into {@code top}, or each fold of a cross-validation into its
     * own folder below it (the summary is mean ± std over folds); the data notes go with the metrics.
     */
    RunMetrics run(PreparedRun data, SubRun top) throws IOException {
        // the two cases of the sealed type (Java 17: no pattern switch yet)
        RunMetrics metrics = data instanceof PreparedRun.CrossValidated cv ? crossValidate(cv, top)
                : run(((PreparedRun.SingleSplit) data).task(), top);
        return metrics.withDataNotes(data.notes());
    }

    private RunMetrics.CrossValidated crossValidate(PreparedRun.CrossValidated cv, SubRun top) throws IOException {
        List<RunMetrics.Single> folds = new ArrayList<>();
        for (int f = 0; f < cv.k(); f++) {
            SubRun at = top.fold(f, cv.k());
            Files.createDirectories(at.dir());
            folds.add(fold(cv, f, at));
        }
        return RunMetrics.CrossValidated.of(context.config().task().id(), folds);
    }

    /** Fold {@code fold} (0-based) into {@code at}: read back when it finished before, else trained and scored. */
    RunMetrics.Single fold(PreparedRun.CrossValidated cv, int fold, SubRun at) throws IOException {
        Optional<RunMetrics> done = RunMetrics.readIfPresent(at.dir());
        if (done.isPresent()) {
            log.info("fold {} already finished: skipped", fold + 1);
            if (!(done.get() instanceof RunMetrics.Single s)) {
                throw new InputFormatException(at.dir().resolve(RunMetrics.FILE), "cv_folds",
                        "a fold's metrics are those of one run, not a cross-validation");
            }
            return s;
        }
        RunMetrics.Single m = run(cv.fold(fold), at);
        m.write(at.dir());
        return m;
    }

    /** Fine-tunes on {@code task} and scores the best checkpoint; files go to {@code at.dir()}. */
    private RunMetrics.Single run(TaskRun task, SubRun at) throws IOException {
        TrainConfig t = context.config().train();
        ModelFolder folder = model.folder();
        Path source = folder.checkpointPrefix(); // the folder listed once here, not again for the model
        Provenance.Recorder provenance = Provenance.start("run", context.configYaml(), t.seed(),
                context.config().model().maxSeqLength(), folder.doLowerCase(), source,
                folder.weightsSource(), DataLocations.named(context.config().data()), context.options().workingDir());
        EpochData batches = task.trainBatches(t.microBatchSize(), t.seed());
        TensorBoardLog tensorBoard = t.tensorboard() ? new TensorBoardLog(at.dir(), context.configYaml()) : null;
        ProgressFiles progress = new ProgressFiles(at.dir(), at.status(), task.scoreName(), at.label());
        try (tensorBoard) {
            BertTaskModel tuned = BertTaskModel.create(task.kind(), folder.config(), task.labels().size(),
                    t.dropout(), model.weights(), source, t.seed());
            TrainingState state = loop(task, at, tuned, batches, progress, tensorBoard);
            return results(task, at, tuned, state, tensorBoard, provenance);
        }
    }

    /** The training loop from the config's schedule, resumed from {@code at}'s checkpoint when asked; best restored. */
    private TrainingState loop(TaskRun task, SubRun at, BertTaskModel model, EpochData batches,
                               ProgressFiles progress, TensorBoardLog tensorBoard) throws IOException {
        TrainConfig t = context.config().train();
        long warmup = LinearWarmupDecay.warmupSteps(t.warmupProportion(),
                TrainingLoop.totalSteps(batches, t.epochs(), t.gradAccumSteps()));
        TrainOptions opts = new TrainOptions(t.epochs(), t.gradAccumSteps(), t.lr(), warmup,
                t.weightDecay(), t.maxGradNorm(), t.seed(), t.evalEverySteps() == null ? 0 : t.evalEverySteps(),
                t.checkpointEverySteps() == null ? 0 : t.checkpointEverySteps(),
                t.earlyStoppingPatience() == null ? 0 : t.earlyStoppingPatience());
        int micro = t.microBatchSize();
        Evaluator dev = m -> {
            Evaluation e = task.evaluate(m, TaskRun.Split.DEV, micro);
            if (tensorBoard != null) {
                tensorBoard.devDetails(e.details());
            }
            return new Evaluator.Result(e.score(), e.metrics());
        };
        TrainingListener listener = context.listener(at.label());
        Path ckpt = at.dir().resolve("checkpoints");
        // the files on disk first: a listener that stops the run (a test's fault) finds them current
        TrainingListener both = TrainingListener.all(progress, tensorBoard, listener);
        TrainingLoop tuner = new TrainingLoop(model, opts, ckpt.resolve("last.ckpt"), ckpt.resolve("best.ckpt"), dev,
                both);
        TrainingState state;
        try {
            state = tuner.run(batches, at.resuming());
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
        return state;
    }

    /** The best checkpoint scored on dev (and test), then the sub-run's files: scores first, files after. */
    private RunMetrics.Single results(TaskRun task, SubRun at, BertTaskModel model, TrainingState state,
                                      TensorBoardLog tensorBoard, Provenance.Recorder provenance) throws IOException {
        int micro = context.config().train().microBatchSize();
        Evaluation devEval = task.evaluate(model, TaskRun.Split.DEV, micro);
        Evaluation testEval = context.scoresTest() ? task.evaluate(model, TaskRun.Split.TEST, micro) : null;
        if (testEval != null && tensorBoard != null) {
            tensorBoard.test(state.step, testEval.metrics(), testEval.details());
        }
        LearningCurvePlot.write(at.dir().resolve("learning-curve.png"),
                context.config().name() + " (" + at.label() + ")", state, task.scoreName());
        String devPredictions = Jsonl.of(devEval.predictions());
        String testPredictions = testEval == null ? null : Jsonl.of(testEval.predictions());

        RunFolder out = RunFolder.open(at.dir());
        out.writeText("predictions-dev.jsonl", devPredictions);
        if (testPredictions != null) {
            out.writeText("predictions-test.jsonl", testPredictions);
        }
        out.writeText("epochs.csv", CurveCsv.evaluationsCsv(state));
        out.writeText("steps.csv", CurveCsv.stepsCsv(state));
        RunMetrics.Single metrics = new RunMetrics.Single(context.config().task().id(), task.scoreName(),
                task.trainSize(), state.step, state.bestStep, state.stoppedEarly, scores(devEval),
                testEval == null ? null : scores(testEval), null);
        this.model.folder().writeFineTuned(at.dir().resolve("model"), model, task.labels(), state.bestStep,
                provenance);
        return metrics;
    }

    private static RunMetrics.SplitScores scores(Evaluation e) {
        return new RunMetrics.SplitScores(e.metrics(), e.details());
    }
}
