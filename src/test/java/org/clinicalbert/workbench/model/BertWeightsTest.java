package org.clinicalbert.workbench.model;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertWeightsTest {

    private static final Path SOURCE = Path.of("ckpt/model.ckpt-0");
    static BertConfig config;
    static Map<String, INDArray> weights;

    @BeforeAll
    static void readFixture() {
        config = TinyBertFixture.config();
        weights = TinyBertFixture.weightsJson();
    }

    private static BertGraph pretrainingGraph() {
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        MaskedLmHead.attach(g);
        NextSentenceHead.attach(g);
        return g;
    }

    private static INDArray value(BertGraph g, String name) {
        return g.sameDiff().getVariable(name).getArr();
    }

    @Test
    void loadsEveryVariableAndSkipsOptimizerState() {
        Map<String, INDArray> ckpt = new LinkedHashMap<>(weights);
        for (String name : weights.keySet()) {
            if (!name.equals("global_step")) {
                ckpt.put(name + "/adam_m", weights.get(name).dup());
                ckpt.put(name + "/adam_v", weights.get(name).dup());
            }
        }
        BertGraph g = pretrainingGraph();
        BertWeights.LoadReport report = BertWeights.load(g, ckpt, SOURCE, 7);
        assertEquals(g.parameters().size(), report.loaded().size());
        assertTrue(report.initialised().isEmpty());
        assertTrue(report.ignored().contains("global_step"));
        assertTrue(report.ignored().contains("bert/pooler/dense/kernel/adam_m"));
        for (ParameterSpec p : g.parameters()) {
            assertEquals(weights.get(p.name()), value(g, p.name()), p.name());
        }
        // the graph has exactly the checkpoint's variables: google's names, one to one
        List<String> expected = weights.keySet().stream().filter(n -> !n.equals("global_step")).sorted().toList();
        assertEquals(expected, g.parameters().stream().map(ParameterSpec::name).sorted().toList());
    }

    @Test
    void skipsEveryOptimizerSlotTheCheckpointReaderKnows() {
        // BioBERT v1.0 ships BERTAdam slots, tf.train.AdamOptimizer Adam/Adam_1 and beta powers: all are state,
        // none may be reported as an unexpected body variable
        Map<String, INDArray> ckpt = new LinkedHashMap<>(weights);
        String kernel = "bert/pooler/dense/kernel";
        for (String slot : List.of("BERTAdam", "BERTAdam_1", "Adam", "Adam_1")) {
            ckpt.put(kernel + "/" + slot, weights.get(kernel).dup());
        }
        ckpt.put("beta1_power", Nd4j.scalar(0.9f));
        BertGraph g = pretrainingGraph();
        BertWeights.LoadReport report = BertWeights.load(g, ckpt, SOURCE, 7);
        assertEquals(g.parameters().size(), report.loaded().size());
        assertTrue(report.ignored().containsAll(List.of(kernel + "/BERTAdam", kernel + "/BERTAdam_1",
                kernel + "/Adam", kernel + "/Adam_1", "beta1_power")), report.ignored().toString());
    }

    @Test
    void reportsAllMissingUnexpectedAndMisShapedVariablesTogether() {
        Map<String, INDArray> ckpt = new LinkedHashMap<>(weights);
        ckpt.remove("bert/encoder/layer_1/output/dense/bias");
        ckpt.remove("bert/pooler/dense/kernel");
        ckpt.put("bert/encoder/layer_2/output/dense/bias", Nd4j.zeros(DataType.FLOAT, 32));
        ckpt.put("cls/predictions/extra", Nd4j.zeros(DataType.FLOAT, 3));
        ckpt.put("bert/embeddings/position_embeddings", Nd4j.zeros(DataType.FLOAT, 32, 32));
        ckpt.put("bert/encoder/layer_0/intermediate/dense/kernel", Nd4j.zeros(DataType.FLOAT, 64, 32));
        ckpt.put("bert/embeddings/LayerNorm/gamma", Nd4j.zeros(DataType.INT64, 32));

        InputFormatException e = assertThrows(InputFormatException.class,
                () -> BertWeights.load(pretrainingGraph(), ckpt, SOURCE, 7));
        String m = e.getMessage();
        assertEquals(SOURCE, e.file());
        assertEquals("7 problem(s)", e.location());
        assertTrue(m.contains("variable bert/encoder/layer_1/output/dense/bias [32] is missing"), m);
        assertTrue(m.contains("variable bert/pooler/dense/kernel [32, 32] is missing"), m);
        assertTrue(m.contains("unexpected variable bert/encoder/layer_2/output/dense/bias"), m);
        assertTrue(m.contains("unexpected variable cls/predictions/extra"), m);
        assertTrue(m.contains("bert/embeddings/position_embeddings has shape [32, 32], expected [64, 32]"), m);
        assertTrue(m.contains("bert/encoder/layer_0/intermediate/dense/kernel has shape [64, 32], expected [32, 64]"), m);
        assertTrue(m.contains("bert/embeddings/LayerNorm/gamma has dtype LONG"), m);
    }

    @Test
    void aPartlyPresentHeadIsMissingNotReinitialised() {
        Map<String, INDArray> ckpt = new LinkedHashMap<>(weights);
        ckpt.remove("cls/predictions/output_bias");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> BertWeights.load(pretrainingGraph(), ckpt, SOURCE, 7));
        assertTrue(e.getMessage().contains("cls/predictions/output_bias"), e.getMessage());
        assertEquals("1 problem(s)", e.location());
    }

    @Test
    void aNewClassifierIsInitialisedAndOtherHeadsAreIgnored() {
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        SequenceClassifierHead.attach(g, 3);
        BertWeights.LoadReport report = BertWeights.load(g, weights, SOURCE, 42);
        assertEquals(List.of("output_weights", "output_bias"), report.initialised());
        assertTrue(report.ignored().contains("cls/predictions/output_bias"));
        assertTrue(report.ignored().contains("cls/seq_relationship/output_weights"));
        INDArray w = value(g, "output_weights");
        assertEquals(List.of(3L, 32L), List.of(w.size(0), w.size(1)));
        assertTrue(w.amaxNumber().doubleValue() <= 2 * config.initializerRange());
        assertTrue(w.amaxNumber().doubleValue() > 0);
        assertEquals(0.0, value(g, "output_bias").amaxNumber().doubleValue());

        // seeded: same seed, same values; another seed, others
        BertGraph again = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        SequenceClassifierHead.attach(again, 3);
        BertWeights.load(again, weights, SOURCE, 42);
        assertEquals(w, value(again, "output_weights"));
        BertWeights.load(again, weights, SOURCE, 43);
        assertNotEquals(w, value(again, "output_weights"));
    }

    @Test
    void anAbsentMaskedLmHeadGetsGoogleInitialValues() {
        Map<String, INDArray> bodyOnly = new LinkedHashMap<>();
        weights.forEach((k, v) -> {
            if (k.startsWith("bert/")) {
                bodyOnly.put(k, v);
            }
        });
        BertGraph g = pretrainingGraph();
        BertWeights.LoadReport report = BertWeights.load(g, bodyOnly, SOURCE, 1);
        assertEquals(7, report.initialised().size());
        assertEquals(Nd4j.ones(DataType.FLOAT, 32), value(g, "cls/predictions/transform/LayerNorm/gamma"));
        assertEquals(Nd4j.zeros(DataType.FLOAT, 32), value(g, "cls/predictions/transform/LayerNorm/beta"));
        assertEquals(Nd4j.zeros(DataType.FLOAT, config.vocabSize()), value(g, "cls/predictions/output_bias"));
        assertEquals(Nd4j.zeros(DataType.FLOAT, 2), value(g, "cls/seq_relationship/output_bias"));
        INDArray kernel = value(g, "cls/predictions/transform/dense/kernel");
        assertTrue(kernel.stdNumber().doubleValue() > 0.5 * config.initializerRange());
        // the MLM output layer is tied to the word embeddings, not a copy
        assertFalse(report.initialised().contains("bert/embeddings/word_embeddings"));
    }

    @Test
    void bodyMissingEntirelyListsEveryVariable() {
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> BertWeights.load(pretrainingGraph(), Map.of(), SOURCE, 1));
        int body = (int) pretrainingGraph().parameters().stream().filter(p -> !p.isHead()).count();
        assertEquals(body + " problem(s)", e.location());
    }

    @Test
    void exportedValuesLoadIntoATrainingGraph() {
        BertGraph g = pretrainingGraph();
        BertWeights.load(g, weights, SOURCE, 1);
        Map<String, INDArray> exported = BertWeights.export(g);
        BertGraph training = BertGraph.build(config, BertGraph.Mode.TRAINING);
        MaskedLmHead.attach(training);
        NextSentenceHead.attach(training);
        BertWeights.LoadReport report = BertWeights.load(training, exported, SOURCE, 1);
        assertEquals(training.parameters().size(), report.loaded().size());
        assertEquals(weights.get("bert/pooler/dense/kernel"), value(training, "bert/pooler/dense/kernel"));
    }

    @Test
    void truncatedNormalHasTensorFlowStatistics() {
        double sigma = 0.02;
        INDArray x = TruncatedNormal.sample(new long[]{400, 500}, sigma, 99).castTo(DataType.DOUBLE);
        long n = x.length();
        double max = x.amaxNumber().doubleValue();
        double mean = x.meanNumber().doubleValue();
        double std = x.stdNumber().doubleValue();
        double beyondOneSigma = Transforms.abs(x.div(sigma)).gt(1.0).castTo(DataType.DOUBLE)
                .sumNumber().doubleValue() / n;
        // normal truncated at +-2 sigma: std factor sqrt(1 - 4 phi(2) / (Phi(2) - Phi(-2))) = 0.8796,
        // P(|z| > 1 | |z| < 2) = (0.9545 - 0.6827) / 0.9545 = 0.2848
        assertTrue(max <= 2 * sigma, "max " + max);
        assertTrue(max > 1.99 * sigma, "max " + max);
        assertEquals(0.0, mean, 4 * 0.88 * sigma / Math.sqrt(n));
        assertEquals(0.8796 * sigma, std, 0.005 * sigma);
        assertEquals(0.2848, beyondOneSigma, 0.005);
        assertEquals(TruncatedNormal.sample(new long[]{10}, sigma, 5), TruncatedNormal.sample(new long[]{10}, sigma, 5));
    }
}
