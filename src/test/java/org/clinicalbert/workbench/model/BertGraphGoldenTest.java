package org.clinicalbert.workbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SameDiff graph (float32) against an independent torch float64 implementation of google's modeling.py
 * (golden.json from tools/tiny-bert/make_tiny_bert.py). Tolerance: 1e-4 absolute on every value.
 */
class BertGraphGoldenTest {

    private static final Logger log = LoggerFactory.getLogger(BertGraphGoldenTest.class);
    static final double TOL = 1e-4;
    static JsonNode golden = TinyBertFixture.golden();
    static BertConfig config;
    static Map<String, INDArray> weights;

    @BeforeAll
    static void readFixture() {
        golden = TinyBertFixture.golden();
        config = TinyBertFixture.config();
        weights = TinyBertFixture.weights();
    }

    static Map<String, INDArray> pretrainingFeed(BertGraph g) {
        JsonNode in = golden.get("inputs");
        Map<String, INDArray> feed = new HashMap<>(g.feed(
                TinyBertFixture.matrix(in.get("input_ids"), DataType.INT32),
                TinyBertFixture.matrix(in.get("token_type_ids"), DataType.INT32),
                TinyBertFixture.matrix(in.get("input_mask"), DataType.INT32)));
        feed.put(MaskedLmHead.POSITIONS, TinyBertFixture.matrix(in.get("masked_lm_positions"), DataType.INT32));
        feed.put(MaskedLmHead.LABEL_IDS, TinyBertFixture.matrix(in.get("masked_lm_ids"), DataType.INT32));
        feed.put(MaskedLmHead.LABEL_WEIGHTS, TinyBertFixture.matrix(in.get("masked_lm_weights"), DataType.FLOAT));
        feed.put(NextSentenceHead.LABELS, TinyBertFixture.matrix(in.get("next_sentence_labels"), DataType.INT32));
        return feed;
    }

    static void assertClose(JsonNode expected, INDArray actual, String what) {
        INDArray e = TinyBertFixture.tensor(expected);
        assertTrue(Arrays.equals(e.shape(), actual.shape()),
                what + ": shape " + Arrays.toString(actual.shape()) + " != " + Arrays.toString(e.shape()));
        double maxDiff = e.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        log.info("{}: max abs difference {}", what, maxDiff);
        assertTrue(maxDiff <= TOL, what + ": max abs difference " + maxDiff);
    }

    @Test
    void forwardPassMatchesTorchReference() {
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        MaskedLmHead mlm = MaskedLmHead.attach(g);
        NextSentenceHead nsp = NextSentenceHead.attach(g);
        BertWeights.load(g, weights, TinyBertFixture.DIR.resolve("weights.json"), 1);

        Map<String, INDArray> out = g.output(pretrainingFeed(g), BertGraph.SEQUENCE_OUTPUT,
                BertGraph.POOLED_OUTPUT, MaskedLmHead.LOGITS, MaskedLmHead.LOSS, NextSentenceHead.LOGITS,
                NextSentenceHead.LOSS);
        assertClose(golden.get("sequence_output"), out.get(BertGraph.SEQUENCE_OUTPUT), "sequence_output");
        assertClose(golden.get("pooled_output"), out.get(BertGraph.POOLED_OUTPUT), "pooled_output");
        assertClose(golden.get("mlm_logits"), out.get(MaskedLmHead.LOGITS), "mlm logits");
        assertClose(golden.get("nsp_logits"), out.get(NextSentenceHead.LOGITS), "nsp logits");
        assertEquals(golden.get("mlm_loss").asDouble(), out.get(MaskedLmHead.LOSS).getDouble(0), TOL, "mlm loss");
        assertEquals(golden.get("nsp_loss").asDouble(), out.get(NextSentenceHead.LOSS).getDouble(0), TOL, "nsp loss");
    }

    @Test
    void gradientsMatchTorchAutogradAndCalculateGradients() {
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        MaskedLmHead mlm = MaskedLmHead.attach(g);
        NextSentenceHead nsp = NextSentenceHead.attach(g);
        BertWeights.load(g, weights, TinyBertFixture.DIR.resolve("weights.json"), 1);
        SDVariable total = mlm.loss().add("total_loss", nsp.loss());

        BertGradients gradients = new BertGradients(g, total);
        Map<String, INDArray> feed = pretrainingFeed(g);
        BertGradients.Result result = gradients.compute(feed);
        assertEquals(golden.get("total_loss").asDouble(), result.loss(), TOL, "total loss");
        assertEquals(g.parameters().size(), result.gradients().size(), "a gradient for every variable");
        golden.get("gradients_of_total_loss").fields().forEachRemaining(e ->
                assertClose(e.getValue(), result.gradients().get(e.getKey()), "gradient of " + e.getKey()));

        // the cached gradient function gives what SameDiff's own calculateGradients gives, for every variable the
        // graph differentiates (the word table's gradient is completed in Java by the scatter-add, checked above
        // against torch)
        List<String> inGraph = new java.util.ArrayList<>(gradients.variables());
        inGraph.remove("bert/embeddings/word_embeddings");
        Map<String, INDArray> reference = g.sameDiff().calculateGradients(feed, inGraph);
        for (String name : inGraph) {
            double diff = reference.get(name).sub(result.gradients().get(name)).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-6, name + ": cached gradient differs from calculateGradients by " + diff);
        }
        // and a second call with the cache on still agrees (no stale arrays)
        BertGradients.Result again = gradients.compute(feed);
        assertEquals(result.loss(), again.loss(), 1e-6);
        String words = "bert/embeddings/word_embeddings";
        assertEquals(0.0, again.gradients().get(words).sub(result.gradients().get(words)).amaxNumber().doubleValue(), 1e-6);
    }
}
