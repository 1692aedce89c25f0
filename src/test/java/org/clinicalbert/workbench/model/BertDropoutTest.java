package org.clinicalbert.workbench.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training mode: dropout masks are fed per step, seeded, differentiable through; inference has none. */
class BertDropoutTest {

    static BertConfig config;
    static Map<String, INDArray> weights;
    static double reference;

    @BeforeAll
    static void readFixture() {
        config = TinyBertFixture.config();
        weights = TinyBertFixture.weights();
        reference = TinyBertFixture.golden().get("total_loss").asDouble();
    }

    private record Model(BertGraph graph, BertGradients gradients) {
    }

    private static Model pretraining(BertConfig c, BertGraph.Mode mode) {
        BertGraph g = BertGraph.build(c, mode);
        SDVariable loss = MaskedLmHead.attach(g).loss().add(NextSentenceHead.attach(g).loss());
        BertWeights.load(g, weights, Path.of("weights.json"), 1);
        return new Model(g, new BertGradients(g, loss));
    }

    private static Map<String, INDArray> feed(Model m, long seed) {
        Map<String, INDArray> feed = new HashMap<>(BertGraphGoldenTest.pretrainingFeed(m.graph()));
        INDArray ids = feed.get(BertGraph.INPUT_IDS);
        feed.putAll(m.graph().dropoutMasks(ids.size(0), ids.size(1), seed));
        return feed;
    }

    @Test
    void trainingGraphWithZeroDropoutEqualsTheReference() {
        BertConfig noDropout = config.withDropout(0.0);
        Model m = pretraining(noDropout, BertGraph.Mode.TRAINING);
        assertTrue(m.graph().dropoutSites().isEmpty());
        assertEquals(reference, m.gradients().compute(feed(m, 1)).loss(), 1e-4);
    }

    @Test
    void masksSitAtGoogleDropoutPlacesAndAllOnesMasksChangeNothing() {
        Model m = pretraining(config, BertGraph.Mode.TRAINING);
        // embeddings + per layer (attention probabilities, attention output, layer output)
        assertEquals(1 + 3 * config.numHiddenLayers(), m.graph().dropoutSites().size());
        Map<String, INDArray> feed = feed(m, 1);
        for (BertGraph.DropoutSite site : m.graph().dropoutSites()) {
            feed.put(site.placeholder(), Nd4j.ones(DataType.FLOAT, feed.get(site.placeholder()).shape()));
        }
        assertEquals(reference, m.gradients().compute(feed).loss(), 1e-4);
    }

    @Test
    void masksAreSeededBernoulliOverKeep() {
        Model m = pretraining(config, BertGraph.Mode.TRAINING);
        Map<String, INDArray> a = m.graph().dropoutMasks(16, 32, 5);
        assertEquals(a, m.graph().dropoutMasks(16, 32, 5));
        assertNotEquals(a, m.graph().dropoutMasks(16, 32, 6));
        double keep = 1 - config.attentionProbsDropoutProb();
        INDArray attention = a.get(m.graph().dropoutSites().get(1).placeholder());
        assertEquals(List.of(16L, 4L, 32L, 32L), List.of(attention.shape()[0], attention.shape()[1],
                attention.shape()[2], attention.shape()[3]));
        long n = attention.length();
        long kept = attention.gt(0).castTo(DataType.INT64).sumNumber().longValue();
        assertEquals(keep, (double) kept / n, 4 * Math.sqrt(keep * (1 - keep) / n));
        assertEquals(1.0 / keep, attention.maxNumber().doubleValue(), 1e-6);
        assertEquals(0.0, attention.minNumber().doubleValue());
        // every entry is 0 or 1/keep
        assertEquals(kept * (1 / keep), attention.castTo(DataType.DOUBLE).sumNumber().doubleValue(), 1e-4 * kept);
    }

    @Test
    void dropoutStepsAreRandomPerSeedAndDifferentiable() {
        Model m = pretraining(config, BertGraph.Mode.TRAINING);
        BertGradients.Result a = m.gradients().compute(feed(m, 1));
        BertGradients.Result again = m.gradients().compute(feed(m, 1));
        BertGradients.Result b = m.gradients().compute(feed(m, 2));
        assertEquals(a.loss(), again.loss(), 1e-6, "same seed, same step");
        assertNotEquals(a.loss(), b.loss(), "another seed draws other masks");
        assertTrue(Math.abs(a.loss() - reference) > 1e-3, "dropout changes the loss");
        for (Map.Entry<String, INDArray> e : a.gradients().entrySet()) {
            INDArray grad = e.getValue();
            assertEquals(0, grad.isNaN().castTo(DataType.INT32).sumNumber().intValue(), e.getKey());
            assertEquals(0, grad.isInfinite().castTo(DataType.INT32).sumNumber().intValue(), e.getKey());
        }
        String query = "bert/encoder/layer_0/attention/self/query/kernel";
        assertTrue(a.gradients().get(query).amaxNumber().doubleValue() > 0);
        assertNotEquals(a.gradients().get(query), b.gradients().get(query));

        Model inference = pretraining(config, BertGraph.Mode.INFERENCE);
        assertTrue(inference.graph().dropoutSites().isEmpty());
        assertTrue(inference.graph().dropoutMasks(2, 3, 1).isEmpty());
        assertEquals(reference, inference.gradients().compute(feed(inference, 1)).loss(), 1e-4);
    }
}
