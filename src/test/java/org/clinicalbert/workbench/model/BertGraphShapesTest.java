package org.clinicalbert.workbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One graph serves any batch size and length, and padding is invisible to real tokens: a padded row of the
 * golden batch, run alone and unpadded (batch 1, where M2.1's gather would fail), gives the same outputs.
 */
class BertGraphShapesTest {

    static BertGraph graph;
    static JsonNode golden;

    @BeforeAll
    static void build() {
        graph = BertGraph.build(TinyBertFixture.config(), BertGraph.Mode.INFERENCE);
        MaskedLmHead.attach(graph);
        NextSentenceHead.attach(graph);
        BertWeights.load(graph, TinyBertFixture.weights(), Path.of("weights.json"), 1);
        golden = TinyBertFixture.golden();
    }

    @Test
    void aPaddedRowAloneAndUnpaddedGivesTheSameOutputs() {
        JsonNode in = golden.get("inputs");
        int row = 1;
        int length = 9;   // row 1 has 9 real tokens, then padding
        INDArray ids = rowPrefix(in.get("input_ids"), row, length);
        INDArray types = rowPrefix(in.get("token_type_ids"), row, length);
        INDArray mask = rowPrefix(in.get("input_mask"), row, length);
        assertEquals(length, mask.sumNumber().intValue());
        Map<String, INDArray> feed = graph.feed(ids, types, mask);
        feed.put(MaskedLmHead.POSITIONS, Nd4j.createFromArray(new int[][]{{3, 7}}));
        feed.put(MaskedLmHead.LABEL_IDS, Nd4j.createFromArray(new int[][]{{11, 18}}));
        feed.put(MaskedLmHead.LABEL_WEIGHTS, Nd4j.createFromArray(new float[][]{{1, 1}}));
        feed.put(NextSentenceHead.LABELS, Nd4j.createFromArray(1));
        Map<String, INDArray> out = graph.output(feed, BertGraph.SEQUENCE_OUTPUT,
                BertGraph.POOLED_OUTPUT, MaskedLmHead.LOGITS, NextSentenceHead.LOSS);

        INDArray seq = TinyBertFixture.tensor(golden.get("sequence_output"));
        INDArray expectedSeq = seq.get(NDArrayIndex.point(row), NDArrayIndex.interval(0, length), NDArrayIndex.all());
        assertClose(expectedSeq, out.get(BertGraph.SEQUENCE_OUTPUT).reshape(length, -1));
        INDArray pooled = TinyBertFixture.tensor(golden.get("pooled_output"));
        assertClose(pooled.getRow(row), out.get(BertGraph.POOLED_OUTPUT).reshape(-1));
        // golden MLM rows are b*P + p with P = 3: row 1's two real predictions are rows 3 and 4
        INDArray logits = TinyBertFixture.tensor(golden.get("mlm_logits"));
        assertClose(logits.get(NDArrayIndex.interval(3, 5), NDArrayIndex.all()), out.get(MaskedLmHead.LOGITS));
        assertTrue(out.get(NextSentenceHead.LOSS).getDouble(0) > 0);
    }

    @Test
    void feedRejectsBadShapesAndOverlongSequences() {
        INDArray ok = Nd4j.zeros(DataType.INT32, 2, 5);
        assertThrows(IllegalArgumentException.class, () -> graph.feed(ok, Nd4j.zeros(DataType.INT32, 2, 4), ok));
        assertThrows(IllegalArgumentException.class, () -> graph.feed(Nd4j.zeros(DataType.INT32, 10), ok, ok));
        int tooLong = graph.config().maxPositionEmbeddings() + 1;
        INDArray longIds = Nd4j.zeros(DataType.INT32, 1, tooLong);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> graph.feed(longIds, longIds, longIds));
        assertTrue(e.getMessage().contains("max_position_embeddings"), e.getMessage());
    }

    private static INDArray rowPrefix(JsonNode rows, int row, int length) {
        int[][] out = new int[1][length];
        for (int t = 0; t < length; t++) {
            out[0][t] = rows.get(row).get(t).asInt();
        }
        return Nd4j.createFromArray(out);
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertEquals(expected.length(), actual.length());
        double diff = expected.castTo(DataType.DOUBLE).reshape(-1).sub(actual.castTo(DataType.DOUBLE).reshape(-1))
                .amaxNumber().doubleValue();
        assertTrue(diff <= BertGraphGoldenTest.TOL, "max abs difference " + diff);
    }
}
