package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest {

    private static final int FEATURES = 4;
    private static final int CLASSES = 3;

    /** Class c has mean +2 on feature c: separable, so a working loop must reach high accuracy. */
    private static List<double[]> examples(int n, long seed) {
        Random r = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            double[] e = new double[FEATURES + 1];
            for (int f = 0; f < FEATURES; f++) {
                e[f] = r.nextGaussian() * 0.5 + (f == c ? 2 : 0);
            }
            e[FEATURES] = c;
            out.add(e);
        }
        return out;
    }

    private static Batch batch(List<double[]> rows) {
        INDArray x = Nd4j.create(DataType.DOUBLE, rows.size(), FEATURES);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows.size(), CLASSES);
        for (int i = 0; i < rows.size(); i++) {
            for (int f = 0; f < FEATURES; f++) {
                x.putScalar(i, f, rows.get(i)[f]);
            }
            y.putScalar(i, (int) rows.get(i)[FEATURES], 1.0);
        }
        return new Batch(Map.of("x", x, "y", y), rows.size(), rows.size());
    }

    private static EpochData epochs(List<double[]> train, int batchSize, long seed) {
        return epoch -> {
            List<double[]> order = new ArrayList<>(train);
            Collections.shuffle(order, new Random(seed + epoch));
            List<Batch> out = new ArrayList<>();
            for (int i = 0; i < order.size(); i += batchSize) {
                out.add(batch(order.subList(i, Math.min(order.size(), i + batchSize))));
            }
            return out;
        };
    }

    private static Evaluator accuracy(List<double[]> dev) {
        Batch b = batch(dev);
        return m -> {
            INDArray pred = m.predict(b).get("probs").argMax(1);
            INDArray gold = b.feeds().get("y").argMax(1);
            double acc = pred.eq(gold).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            return new Evaluator.Result(acc, Map.of("accuracy", acc));
        };
    }

    /** 24 steps (see below), warm-up 2 = google's int(24 * 0.1). */
    private static final TrainOptions OPTIONS = new TrainOptions(4, 2, 0.5, 2, 0.01, 1.0, 42, 5, 2, 0);

    @Test
    void learnsASeparableProblem(@TempDir Path dir) {
        Nd4j.getRandom().setSeed(1);
        var model = new SoftmaxRegression(FEATURES, CLASSES, 1);
        var tuner = new TrainingLoop(model, OPTIONS, dir.resolve("last.ckpt"), dir.resolve("best.ckpt"),
                accuracy(examples(60, 2)), null);
        TrainingState s = tuner.run(epochs(examples(90, 1), 8, 42), false);
        assertEquals(4 * 6, s.step, "90 examples / batch 8 = 12 batches = 6 steps of 2 per epoch");
        assertTrue(s.bestScore > 0.9, "dev accuracy " + s.bestScore);
        assertTrue(Files.exists(dir.resolve("best.ckpt")));
    }

    @Test
    void resumedRunEndsExactlyWhereTheUninterruptedOneDoes(@TempDir Path dir) {
        List<double[]> train = examples(90, 1);
        Evaluator dev = accuracy(examples(60, 2));

        Nd4j.getRandom().setSeed(1);
        var full = new SoftmaxRegression(FEATURES, CLASSES, 1);
        TrainingState expected = new TrainingLoop(full, OPTIONS, dir.resolve("a/last.ckpt"), dir.resolve("a/best.ckpt"),
                dev, null).run(epochs(train, 8, 42), false);

        Nd4j.getRandom().setSeed(1);
        var crashed = new SoftmaxRegression(FEATURES, CLASSES, 1);
        TrainingListener killAtStep9 = new TrainingListener() {
            @Override
            public void onStep(long step, int epoch, double loss, double lr, double norm, long tokens) {
                if (step == 9) {
                    throw new IllegalStateException("simulated kill");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> new TrainingLoop(crashed, OPTIONS, dir.resolve("b/last.ckpt"),
                dir.resolve("b/best.ckpt"), dev, killAtStep9).run(epochs(train, 8, 42), false));

        // a fresh process: new (differently initialised) model, resumed from the step-8 checkpoint
        Nd4j.getRandom().setSeed(99);
        var resumedModel = new SoftmaxRegression(FEATURES, CLASSES, 99);
        TrainingState resumed = new TrainingLoop(resumedModel, OPTIONS, dir.resolve("b/last.ckpt"),
                dir.resolve("b/best.ckpt"), dev, null).run(epochs(train, 8, 42), true);

        assertEquals(expected.step, resumed.step);
        assertEquals(expected.steps, resumed.steps);
        assertEquals(expected.evaluations, resumed.evaluations);
        for (String name : full.parameters().keySet()) {
            assertEquals(full.parameters().get(name), resumedModel.parameters().get(name), name);
        }
    }

    @Test
    void truncatedCheckpointIsAClearErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(1);
        var model = new SoftmaxRegression(FEATURES, CLASSES, 1);
        Path last = dir.resolve("last.ckpt");
        new TrainingLoop(model, new TrainOptions(1, 1, 0.1, 0, 0.0, 1.0, 1, 0, 0, 0), last, dir.resolve("best.ckpt"),
                null, null).run(epochs(examples(16, 1), 8, 1), false);
        byte[] bytes = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        var e = assertThrows(InputFormatException.class, () -> TrainingCheckpoint.load(last));
        assertTrue(e.getMessage().contains(last.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void emptyTrainingSetFailsBeforeTraining(@TempDir Path dir) {
        var model = new SoftmaxRegression(FEATURES, CLASSES, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainingLoop(model, OPTIONS,
                dir.resolve("l"), dir.resolve("b"), null, null).run(epoch -> List.of(), false));
        assertTrue(e.getMessage().contains("empty"));
    }
}
