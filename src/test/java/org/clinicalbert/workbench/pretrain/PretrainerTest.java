package org.clinicalbert.workbench.pretrain;

import org.clinicalbert.workbench.modelfolder.ModelFolder;

import org.clinicalbert.workbench.checkpoint.CheckpointLocator;
import org.clinicalbert.workbench.checkpoint.TfCheckpointReader;
import org.clinicalbert.workbench.data.pretrain.PretrainingShardWriter;
import org.clinicalbert.workbench.data.pretrain.TrainingInstance;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.train.PretrainTestShards;
import org.clinicalbert.workbench.train.PretrainingEvaluator;
import org.clinicalbert.workbench.train.PretrainingModel;
import org.clinicalbert.workbench.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code workbench pretrain}'s work on the tiny-demo model and shards of synthetic MIMIC notes. */
class PretrainerTest {

    private static final Path MODEL = Path.of("config/models/tiny-demo");

    @TempDir
    static Path dir;
    static Path data;
    static Path held;

    @BeforeAll
    static void makeShards() throws Exception {
        List<TrainingInstance> instances = PretrainTestShards.instances(12, 5, 8);
        int eval = Math.max(8, instances.size() / 5);
        data = dir.resolve("data");
        PretrainTestShards.write(data, instances.subList(eval, instances.size()), 2, 8);
        held = PretrainTestShards.write(dir.resolve("held"), instances.subList(0, eval), 1, 8).get(0);
    }

    private static Pretrainer.Settings settings(Path out, long steps, long saveEvery, Path evalData, boolean resume) {
        return new Pretrainer.Settings(MODEL, List.of(data), out, steps, 0, 8, 2e-3, 3, 6, evalData, saveEvery, 7,
                resume);
    }

    private static Map<String, INDArray> weights(Path folder) throws Exception {
        return TfCheckpointReader.openFolder(folder).readAllVariables();
    }

    private static Map<String, Double> heldOut(Path folder) {
        ModelFolder f = ModelFolder.open(folder, false);
        PretrainingModel m = PretrainingModel.create(f.config(), f.readWeights(), f.checkpointPrefix(), 1);
        return new PretrainingEvaluator(List.of(held), 8, 6).evaluate(m).metrics();
    }

    @Test
    void trainingLowersTheLossAndWritesAModelFolder() throws Exception {
        Path out = dir.resolve("out");
        Pretrainer.Result r = Pretrainer.run(settings(out, 40, 20, held, false), null);
        assertEquals(40, r.state().step);
        assertEquals(out.resolve("model.ckpt-40"), r.checkpoint());

        // the folder is a google-style model folder whose newest checkpoint is the last step
        ModelFolder folder = ModelFolder.open(out, false);
        assertEquals(ModelFolder.open(MODEL, false).config(), folder.config());
        assertArrayEquals(Files.readAllBytes(MODEL.resolve("vocab.txt")), Files.readAllBytes(out.resolve("vocab.txt")));
        assertEquals(out.resolve("model.ckpt-40"), CheckpointLocator.locate(out));
        assertTrue(Files.exists(out.resolve("model.ckpt-20.index")), "--save-every 20 also wrote step 20");
        Map<String, INDArray> start = weights(MODEL);
        Map<String, INDArray> end = folder.readWeights();
        assertTrue(end.containsKey("cls/predictions/output_bias") && end.containsKey("cls/seq_relationship/output_weights"));
        for (String name : start.keySet()) {
            if (name.startsWith("bert/")) {
                assertTrue(end.containsKey(name), name);
                assertFalse(start.get(name).equalsWithEps(end.get(name), 0.0), name + " did not change");
            }
        }
        // evaluated at the save points (every 20 steps)
        assertEquals(List.of(20L, 40L), r.state().evaluations.stream().map(e -> e.step()).distinct().toList());

        // held-out MLM + NSP loss: the trained folder beats the starting model
        Map<String, Double> before = heldOut(MODEL);
        Map<String, Double> after = heldOut(out);
        double lossBefore = before.get(PretrainingEvaluator.MLM_LOSS) + before.get(PretrainingEvaluator.NSP_LOSS);
        double lossAfter = after.get(PretrainingEvaluator.MLM_LOSS) + after.get(PretrainingEvaluator.NSP_LOSS);
        org.slf4j.LoggerFactory.getLogger(PretrainerTest.class).info("held-out {} -> {}", before, after);
        assertTrue(lossAfter < lossBefore - 0.5, "held-out loss " + lossBefore + " -> " + lossAfter);
        assertTrue(after.get(PretrainingEvaluator.MLM_ACCURACY) > before.get(PretrainingEvaluator.MLM_ACCURACY),
                before + " -> " + after);
        // and the training loss fell
        var steps = r.state().steps;
        double first = steps.subList(0, 5).stream().mapToDouble(s -> s.loss()).average().orElseThrow();
        double last = steps.subList(35, 40).stream().mapToDouble(s -> s.loss()).average().orElseThrow();
        assertTrue(last < first, "training loss " + first + " -> " + last);
    }

    @Test
    void resumeAfterAKillEndsWithTheUninterruptedWeights() throws Exception {
        Path whole = dir.resolve("whole");
        Pretrainer.run(settings(whole, 12, 4, null, false), null);

        Path killed = dir.resolve("killed");
        TrainingListener kill = new TrainingListener() {
            @Override
            public void onStep(long step, int epoch, double loss, double lr, double norm, long tokens) {
                if (step == 7) {
                    throw new IllegalStateException("simulated kill");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> Pretrainer.run(settings(killed, 12, 4, null, false), kill));
        assertEquals(killed.resolve("model.ckpt-4"), CheckpointLocator.locate(killed));
        // the state is there: a fresh start over it is refused
        assertThrows(org.clinicalbert.workbench.io.InputFormatException.class,
                () -> Pretrainer.run(settings(killed, 12, 4, null, false), null));
        // a resume with other settings would continue another run
        var other = assertThrows(org.clinicalbert.workbench.io.InputFormatException.class,
                () -> Pretrainer.run(settings(killed, 16, 4, null, true), null));
        assertTrue(other.getMessage().contains("settings"), other.getMessage());
        Pretrainer.Result r = Pretrainer.run(settings(killed, 12, 4, null, true), null);
        assertEquals(12, r.state().step);

        Map<String, INDArray> a = weights(whole);
        Map<String, INDArray> b = weights(killed);
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertEquals(a.get(name), b.get(name), name + " differs after resume");
        }
    }

    @Test
    void byEpochsEachEpochIsOnePassOverTheShards() throws Exception {
        long instances = 0;
        for (Path shard : org.clinicalbert.workbench.train.PretrainingBatches.shardFiles(List.of(data))) {
            try (var r = new org.clinicalbert.workbench.data.pretrain.PretrainingShardReader(shard)) {
                instances += r.count();
            }
        }
        Path out = dir.resolve("epochs");
        Pretrainer.Result r = Pretrainer.run(new Pretrainer.Settings(MODEL, List.of(data), out, 0, 2, 16, 1e-3, 1, 6,
                null, 0, 7, false), null);
        long perEpoch = (instances + 15) / 16;
        assertEquals(2 * perEpoch, r.state().step);
        assertEquals(out.resolve("model.ckpt-" + 2 * perEpoch), CheckpointLocator.locate(out));
    }

    @Test
    void badInputIsReportedBeforeTraining() throws Exception {
        Path out = dir.resolve("bad");
        TrainingListener noTraining = new TrainingListener() {
            @Override
            public void onStart(long total, long done) {
                throw new AssertionError("training started on bad input");
            }
        };
        Path missing = dir.resolve("no-such-dir");
        InputFormatException e = assertThrows(InputFormatException.class, () -> Pretrainer.run(
                new Pretrainer.Settings(MODEL, List.of(missing), out, 4, 0, 8, 1e-3, 1, 6, null, 0, 7, false), noTraining));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

        // a shard made with a larger vocabulary than the model's embedding table
        Path big = dir.resolve("big/a.cbpt");
        Files.createDirectories(big.getParent());
        List<TrainingInstance> some = PretrainTestShards.instances(2, 5, 8);
        PretrainingShardWriter.write(big, 32, 8, 30522, some);
        e = assertThrows(InputFormatException.class, () -> Pretrainer.run(
                new Pretrainer.Settings(MODEL, List.of(big.getParent()), out, 4, 0, 8, 1e-3, 1, 6, null, 0, 7, false),
                noTraining));
        assertTrue(e.getMessage().contains(big.toString()) && e.getMessage().contains("30522"), e.getMessage());

        // a truncated shard (second of two: found before training, not when the loop reaches it)
        Path cut = dir.resolve("cut");
        List<Path> parts = PretrainTestShards.write(cut, some, 2, 8);
        byte[] bytes = Files.readAllBytes(parts.get(1));
        Files.write(parts.get(1), java.util.Arrays.copyOf(bytes, bytes.length - 20));
        e = assertThrows(InputFormatException.class, () -> Pretrainer.run(
                new Pretrainer.Settings(MODEL, List.of(cut), out, 4, 0, 8, 1e-3, 1, 6, null, 0, 7, false), noTraining));
        assertTrue(e.getMessage().contains(parts.get(1).toString()) && e.getMessage().contains("truncated"),
                e.getMessage());
        assertFalse(Files.exists(out.resolve("checkpoint")));
    }
}
