package org.clinicalbert.workbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.clinicalbert.workbench.model.BertGraphGoldenTest.TOL;
import static org.clinicalbert.workbench.model.BertGraphGoldenTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fine-tuning heads against the torch reference (golden.json "sequence_classifier", "token_classifier"). */
class BertHeadsGoldenTest {

    static JsonNode golden;
    static BertConfig config;
    static Map<String, INDArray> weights;

    @BeforeAll
    static void readFixture() {
        golden = TinyBertFixture.golden();
        config = TinyBertFixture.config();
        weights = TinyBertFixture.weights();
    }

    private static Map<String, INDArray> withHead(JsonNode head) {
        Map<String, INDArray> w = new LinkedHashMap<>(weights);
        w.put("output_weights", TinyBertFixture.tensor(head.get("output_weights")));
        w.put("output_bias", TinyBertFixture.tensor(head.get("output_bias")));
        return w;
    }

    private static Map<String, INDArray> bodyFeed(BertGraph g) {
        JsonNode in = golden.get("inputs");
        return new HashMap<>(g.feed(TinyBertFixture.matrix(in.get("input_ids"), DataType.INT32),
                TinyBertFixture.matrix(in.get("token_type_ids"), DataType.INT32),
                TinyBertFixture.matrix(in.get("input_mask"), DataType.INT32)));
    }

    @Test
    void sequenceClassifierMatchesReference() {
        JsonNode expected = golden.get("sequence_classifier");
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        SequenceClassifierHead.attach(g, 3);
        BertWeights.load(g, withHead(expected), Path.of("weights.json"), 1);
        Map<String, INDArray> feed = bodyFeed(g);
        feed.put(SequenceClassifierHead.LABELS, TinyBertFixture.matrix(expected.get("label_ids"), DataType.INT32));
        Map<String, INDArray> out = g.output(feed, SequenceClassifierHead.LOGITS,
                SequenceClassifierHead.LOSS, SequenceClassifierHead.PROBABILITIES);
        assertClose(expected.get("logits"), out.get(SequenceClassifierHead.LOGITS), "classifier logits");
        assertEquals(expected.get("loss").asDouble(), out.get(SequenceClassifierHead.LOSS).getDouble(0), TOL);
        INDArray rowSums = out.get(SequenceClassifierHead.PROBABILITIES).sum(1);
        for (int i = 0; i < rowSums.length(); i++) {
            assertEquals(1.0, rowSums.getDouble(i), 1e-5);
        }
    }

    @Test
    void tokenClassifierMatchesReferenceAndCountsOnlyWeightedTokens() {
        JsonNode expected = golden.get("token_classifier");
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        TokenClassifierHead head = TokenClassifierHead.attach(g, 5);
        BertWeights.load(g, withHead(expected), Path.of("weights.json"), 1);
        Map<String, INDArray> feed = bodyFeed(g);
        INDArray labels = TinyBertFixture.matrix(expected.get("label_ids"), DataType.INT32);
        INDArray labelWeights = TinyBertFixture.matrix(expected.get("label_weights"), DataType.FLOAT);
        feed.put(TokenClassifierHead.LABELS, labels);
        feed.put(TokenClassifierHead.LABEL_WEIGHTS, labelWeights);
        Map<String, INDArray> out = g.output(feed, TokenClassifierHead.LOGITS, TokenClassifierHead.LOSS);
        assertClose(expected.get("logits"), out.get(TokenClassifierHead.LOGITS), "token logits");
        double loss = out.get(TokenClassifierHead.LOSS).getDouble(0);
        assertEquals(expected.get("loss").asDouble(), loss, TOL);

        // a label under weight 0 (padding, [CLS], a ##piece) does not change the loss
        INDArray changed = labels.dup();
        changed.putScalar(0, 3, (changed.getInt(0, 3) + 1) % 5);
        changed.putScalar(1, 11, 4);
        changed.putScalar(0, 0, 4);
        feed.put(TokenClassifierHead.LABELS, changed);
        assertEquals(loss, g.output(feed, TokenClassifierHead.LOSS).get(TokenClassifierHead.LOSS)
                .getDouble(0), 1e-6);

        // the pooler plays no part in this loss: the gradient helper leaves it out instead of failing
        BertGradients gradients = new BertGradients(g, head.loss());
        assertEquals(false, gradients.variables().contains("bert/pooler/dense/kernel"));
        assertEquals(true, gradients.variables().contains("output_weights"));
        assertThrows(IllegalStateException.class, () -> new BertGradients(g, head.loss()));
    }
}
