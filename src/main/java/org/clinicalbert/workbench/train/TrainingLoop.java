package org.clinicalbert.workbench.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.clinicalbert.workbench.io.UserInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training loop of fine-tuning and of pretraining: gradient accumulation, google's optimiser and schedule,
 * evaluation after each epoch (and every N steps), best-model tracking, early stopping, and resumable
 * checkpoints. Every source of
 * randomness is a function of (seed, step), so a run resumed from its last checkpoint ends where an
 * uninterrupted one would.
 */
public final class TrainingLoop {

    private static final Logger log = LoggerFactory.getLogger(TrainingLoop.class);

    private final StepModel model;
    private final TrainOptions options;
    private final Path checkpointFile;
    private final Path bestFile;
    private final Evaluator evaluator;
    private final TrainingListener listener;
    /** Also checkpoint when this much wall time passed since the last one: long BERT-base epochs lose little. */
    private final java.time.Duration checkpointInterval = java.time.Duration.ofMinutes(10);
    private long lastCheckpointNanos = System.nanoTime();

    public TrainingLoop(StepModel model, TrainOptions options, Path checkpointFile, Path bestFile,
                     Evaluator evaluator, TrainingListener listener) {
        this.model = model;
        this.options = options;
        this.checkpointFile = checkpointFile;
        this.bestFile = bestFile;
        this.evaluator = evaluator;
        this.listener = listener == null ? new TrainingListener() { } : listener;
    }

    /** Trains to the end (or early stop); with {@code resume}, continues from the checkpoint file if present. */
    public TrainingState run(EpochData data, boolean resume) {
        AdamWeightDecay optimizer = new AdamWeightDecay(options.weightDecay(), options.maxGradNorm());
        TrainingStep trainingStep = new TrainingStep(model, optimizer);
        TrainingState state = new TrainingState();
        if (resume && Files.exists(checkpointFile)) {
            state = restore(optimizer);
            log.info("resuming from {} at step {} (epoch {})", checkpointFile, state.step, state.epoch + 1);
        }
        int batchesPerEpoch = data.batches(0).size();
        if (batchesPerEpoch == 0) {
            throw new IllegalArgumentException("no training batches: the training set is empty");
        }
        long stepsPerEpoch = stepsPerEpoch(batchesPerEpoch, options.gradAccumSteps());
        long totalSteps = stepsPerEpoch * options.epochs();
        if (options.warmupSteps() > 0 && options.warmupSteps() >= totalSteps) {
            throw new UserInputException("warm-up of " + options.warmupSteps() + " steps is not shorter than the "
                    + totalSteps + " training steps");
        }
        LinearWarmupDecay schedule = new LinearWarmupDecay(options.learningRate(), options.warmupSteps(), totalSteps);
        listener.onStart(totalSteps, state.step);

        while (state.epoch < options.epochs() && !state.stoppedEarly) {
            List<Batch> batches = data.batches(state.epoch);
            for (long s = state.stepInEpoch; s < stepsPerEpoch && !state.stoppedEarly; s++) {
                int from = (int) (s * options.gradAccumSteps());
                int to = Math.min(batches.size(), from + options.gradAccumSteps());
                step(state, batches.subList(from, to), trainingStep, schedule);
                state.stepInEpoch = s + 1;
                boolean endOfEpoch = state.stepInEpoch == stepsPerEpoch;
                if (endOfEpoch || (options.evalEverySteps() > 0 && state.step % options.evalEverySteps() == 0)) {
                    evaluate(state);
                }
                if (endOfEpoch) {
                    state.epoch++;
                    state.stepInEpoch = 0;
                }
                boolean due = System.nanoTime() - lastCheckpointNanos > checkpointInterval.toNanos();
                if (endOfEpoch || state.stoppedEarly || due
                        || (options.checkpointEverySteps() > 0 && state.step % options.checkpointEverySteps() == 0)) {
                    saveCheckpoint(state, optimizer);
                }
            }
        }
        return state;
    }

    /** The optimiser steps a run over {@code data} takes: what a warm-up proportion is a proportion of. */
    public static long totalSteps(EpochData data, int epochs, int gradAccumSteps) {
        return stepsPerEpoch(data.batches(0).size(), gradAccumSteps) * epochs;
    }

    private static long stepsPerEpoch(int batchesPerEpoch, int gradAccumSteps) {
        return (batchesPerEpoch + gradAccumSteps - 1) / gradAccumSteps;
    }

    private void step(TrainingState state, List<Batch> micro, TrainingStep trainingStep, LinearWarmupDecay schedule) {
        double lr = schedule.rate(state.step);
        // dropout masks depend only on (seed, step, micro-batch): identical after a resume
        TrainingStep.Outcome o = trainingStep.run(micro, lr, options.seed() * 1_000_003L + state.step * 97);
        state.step++;
        state.steps.add(new TrainingState.StepRecord(state.step, state.epoch, o.loss(), lr, o.gradientNorm()));
        listener.onStep(state.step, state.epoch, o.loss(), lr, o.gradientNorm(), o.tokens());
    }

    private void evaluate(TrainingState state) {
        if (evaluator == null) {
            return;
        }
        Evaluator.Result r = evaluator.evaluate(model);
        boolean best = r.score() > state.bestScore;
        state.evaluations.add(new TrainingState.EvalRecord(state.step, state.epoch, r.score(), r.metrics()));
        if (best) {
            state.bestScore = r.score();
            state.bestStep = state.step;
            state.evalsWithoutImprovement = 0;
            save(bestFile, new TrainingCheckpoint.Contents(state, model.parameters(), Map.of(), Map.of()));
        } else {
            state.evalsWithoutImprovement++;
            if (options.earlyStoppingPatience() > 0 && state.evalsWithoutImprovement >= options.earlyStoppingPatience()) {
                state.stoppedEarly = true;
                log.info("early stopping at step {}: no improvement in {} evaluations", state.step,
                        state.evalsWithoutImprovement);
            }
        }
        listener.onEvaluation(state.step, state.epoch, r.metrics(), best);
    }

    private void saveCheckpoint(TrainingState state, AdamWeightDecay optimizer) {
        save(checkpointFile, new TrainingCheckpoint.Contents(state, model.parameters(),
                optimizer.firstMoments(), optimizer.secondMoments()));
        lastCheckpointNanos = System.nanoTime();
        listener.onCheckpoint(state.step);
    }

    private static void save(Path file, TrainingCheckpoint.Contents c) {
        try {
            TrainingCheckpoint.save(file, c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    private TrainingState restore(AdamWeightDecay optimizer) {
        TrainingCheckpoint.Contents c = TrainingCheckpoint.load(checkpointFile);
        assign(model.parameters(), c.parameters(), checkpointFile);
        optimizer.restore(c.firstMoments(), c.secondMoments());
        return c.state();
    }

    /** Loads the best parameters seen (by dev score) into the model; false when none were saved. */
    public boolean restoreBest() {
        if (!Files.exists(bestFile)) {
            return false;
        }
        assign(model.parameters(), TrainingCheckpoint.load(bestFile).parameters(), bestFile);
        return true;
    }

    private static void assign(Map<String, INDArray> target, Map<String, INDArray> source, Path file) {
        for (var e : target.entrySet()) {
            INDArray src = source.get(e.getKey());
            if (src == null || !java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new org.clinicalbert.workbench.io.InputFormatException(file, "variable " + e.getKey(),
                        src == null ? "missing from checkpoint" : "shape " + java.util.Arrays.toString(src.shape())
                                + " does not match model " + java.util.Arrays.toString(e.getValue().shape()));
            }
            e.getValue().assign(src);
        }
    }
}
