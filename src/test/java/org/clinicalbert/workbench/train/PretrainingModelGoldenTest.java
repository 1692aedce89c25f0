package org.clinicalbert.workbench.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.data.pretrain.TrainingInstance;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.MaskedLmHead;
import org.clinicalbert.workbench.model.NextSentenceHead;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pretraining model on the tiny-BERT golden batch (tools/tiny-bert/make_tiny_bert.py: torch float64
 * re-implementation of google's modeling.py + run_pretraining's heads), fed through {@link PretrainingBatches}
 * from the instances that batch encodes.
 */
class PretrainingModelGoldenTest {

    private static final Path TINY_BERT = Path.of("src/test/resources/tiny-bert");
    private static final double TOL = 1e-4;

    /** The golden inputs as instances: [CLS] A [SEP] B [SEP], segment-A length, random next, masked positions. */
    static List<TrainingInstance> goldenInstances() {
        return List.of(
                new TrainingInstance(new int[]{2, 6, 7, 8, 9, 10, 3, 6, 7, 16, 20, 3}, 7, false,
                        new int[]{2, 7, 9}, new int[]{7, 6, 16}),
                new TrainingInstance(new int[]{2, 6, 11, 4, 3, 17, 18, 4, 3}, 5, true,
                        new int[]{3, 7}, new int[]{11, 18}),
                new TrainingInstance(new int[]{2, 99, 30, 30, 30, 3, 40, 3}, 6, false,
                        new int[]{2, 4}, new int[]{30, 31}));
    }

    private static JsonNode golden() throws Exception {
        return new ObjectMapper().readTree(TINY_BERT.resolve("golden.json").toFile());
    }

    private static PretrainingModel model(boolean withDropout) {
        ModelFolder folder = ModelFolder.open(TINY_BERT, false);
        BertConfig c = folder.config();
        double rate = withDropout ? c.hiddenDropoutProb() : 0.0;
        BertConfig config = c.withDropout(rate);
        return PretrainingModel.create(config, folder.readWeights(), folder.checkpointPrefix(), 1);
    }

    @Test
    void batchesEncodeTheInstancesAsGooglesFeatures() throws Exception {
        JsonNode in = golden().get("inputs");
        Batch batch = PretrainingBatches.toBatch(goldenInstances(), 3);
        for (String name : List.of(BertGraph.INPUT_IDS, BertGraph.TOKEN_TYPE_IDS, BertGraph.INPUT_MASK,
                MaskedLmHead.POSITIONS, MaskedLmHead.LABEL_IDS, MaskedLmHead.LABEL_WEIGHTS, NextSentenceHead.LABELS)) {
            assertArrayEquals(flat(in.get(name)), batch.feeds().get(name).castTo(DataType.DOUBLE).reshape(-1)
                    .toDoubleVector(), 0.0, name);
        }
        assertEquals(3, batch.size());
        assertEquals(12 + 9 + 8, batch.tokens());

        // more predictions than max_predictions: the first ones in position order are kept
        Batch two = PretrainingBatches.toBatch(goldenInstances(), 2);
        assertArrayEquals(new int[]{2, 7}, two.feeds().get(MaskedLmHead.POSITIONS).getRow(0).toIntVector());
        assertArrayEquals(new int[]{7, 6}, two.feeds().get(MaskedLmHead.LABEL_IDS).getRow(0).toIntVector());
        assertArrayEquals(new float[]{1, 1}, two.feeds().get(MaskedLmHead.LABEL_WEIGHTS).getRow(0).toFloatVector());
    }

    @Test
    void lossesEqualTheReference() throws Exception {
        JsonNode g = golden();
        Batch batch = PretrainingBatches.toBatch(goldenInstances(), 3);

        // prediction feeds all-ones dropout masks: the reference's deterministic losses
        Map<String, INDArray> out = model(true).predict(batch);
        assertEquals(g.get("mlm_loss").asDouble(), out.get(PretrainingModel.MLM_LOSS).getDouble(0), TOL);
        assertEquals(g.get("nsp_loss").asDouble(), out.get(PretrainingModel.NSP_LOSS).getDouble(0), TOL);
        assertArrayEquals(new long[]{9, 100}, out.get(PretrainingModel.MLM_LOGITS).shape()); // [B*P, vocab]

        // the training loss is MLM + NSP (dropout 0: masks of ones), with a gradient for every variable
        PretrainingModel noDropout = model(false);
        StepModel.LossAndGradients lg = noDropout.lossAndGradients(batch, 1);
        assertEquals(g.get("total_loss").asDouble(), lg.loss(), TOL);
        assertEquals(g.get("mlm_loss").asDouble() + g.get("nsp_loss").asDouble(), lg.loss(), TOL);
        assertEquals(noDropout.parameters().keySet(), lg.gradients().keySet());
        String words = "bert/embeddings/word_embeddings";
        INDArray expected = tensor(g.get("gradients_of_total_loss").get(words));
        double diff = expected.castTo(DataType.DOUBLE).sub(lg.gradients().get(words).castTo(DataType.DOUBLE))
                .amaxNumber().doubleValue();
        assertEquals(0.0, diff, TOL, "gradient of " + words);
    }

    @Test
    void evaluationOfAHeldOutShardMatchesTheReferenceLossesAndLogits(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        JsonNode g = golden();
        Path shard = dir.resolve("held.cbpt");
        org.clinicalbert.workbench.data.pretrain.PretrainingShardWriter.write(shard, 12, 3, 100, goldenInstances());
        // batch 2: two batches of unequal size, so per-prediction (not per-batch) averaging matters
        Evaluator.Result r = new PretrainingEvaluator(List.of(shard), 2, 3).evaluate(model(true));

        INDArray mlm = tensor(g.get("mlm_logits"));      // [3*3, vocab], row b*3+p
        INDArray nsp = tensor(g.get("nsp_logits"));      // [3, 2]
        int[][] ids = {{7, 6, 16}, {11, 18}, {30, 31}};
        double correct = 0;
        int n = 0;
        for (int b = 0; b < 3; b++) {
            for (int p = 0; p < ids[b].length; p++) {
                correct += mlm.getRow(b * 3L + p).argMax().getInt(0) == ids[b][p] ? 1 : 0;
                n++;
            }
        }
        int[] next = {0, 1, 0};
        double nspCorrect = 0;
        for (int b = 0; b < 3; b++) {
            nspCorrect += nsp.getRow(b).argMax().getInt(0) == next[b] ? 1 : 0;
        }
        assertEquals(correct / n, r.score(), 1e-12);
        assertEquals(correct / n, r.metrics().get(PretrainingEvaluator.MLM_ACCURACY), 1e-12);
        assertEquals(nspCorrect / 3, r.metrics().get(PretrainingEvaluator.NSP_ACCURACY), 1e-12);
        assertEquals(g.get("mlm_loss").asDouble(), r.metrics().get(PretrainingEvaluator.MLM_LOSS), TOL);
        assertEquals(g.get("nsp_loss").asDouble(), r.metrics().get(PretrainingEvaluator.NSP_LOSS), TOL);
    }

    private static INDArray tensor(JsonNode entry) {
        JsonNode v = entry.get("values");
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v.get(i).asDouble();
        }
        long[] shape = new long[entry.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = entry.get("shape").get(i).asLong();
        }
        return org.nd4j.linalg.factory.Nd4j.create(f, shape, 'c');
    }

    private static double[] flat(JsonNode rows) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (JsonNode r : rows) {
            if (r.isArray()) {
                r.forEach(x -> out.add(x.asDouble()));
            } else {
                out.add(r.asDouble());
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
