package org.clinicalbert.workbench.model;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java-side word lookup: gathered rows, the scatter-add of repeated ids (hand-checked), and a graph that
 * sees batches of changing shape and an updated table exactly as a freshly built graph does. The gradient of the
 * table against torch autograd, repeated ids included, is {@link BertGraphGoldenTest}'s.
 */
class WordLookupTest {

    @Test
    void gatherTakesRowsAndRefusesIdsOutsideTheTable() {
        INDArray table = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(4, 3);
        INDArray rows = WordLookup.gather(table, new int[]{3, 0, 3});
        assertArrayEquals(new float[]{9, 10, 11}, rows.getRow(0).toFloatVector());
        assertArrayEquals(new float[]{0, 1, 2}, rows.getRow(1).toFloatVector());
        assertArrayEquals(new float[]{9, 10, 11}, rows.getRow(2).toFloatVector());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordLookup.gather(table, new int[]{1, 4}));
        assertTrue(e.getMessage().contains("input_ids[1] = 4"), e.getMessage());
    }

    @Test
    void scatterAddSumsRepeatedIds() {
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, 4, 2);
        INDArray rows = Nd4j.createFromArray(new float[][]{{1, 2}, {10, 20}, {100, 200}, {0.5f, 0.25f}});
        WordLookup.scatterAdd(gradient, new int[]{2, 0, 2, 2}, rows);
        // by hand: row 0 <- 10,20; row 2 <- 1+100+0.5, 2+200+0.25; rows 1 and 3 untouched
        assertArrayEquals(new float[]{10, 20}, gradient.getRow(0).toFloatVector());
        assertArrayEquals(new float[]{0, 0}, gradient.getRow(1).toFloatVector());
        assertArrayEquals(new float[]{101.5f, 202.25f}, gradient.getRow(2).toFloatVector());
        assertArrayEquals(new float[]{0, 0}, gradient.getRow(3).toFloatVector());
        // adds to what is there (the MLM head's tied-output gradient)
        WordLookup.scatterAdd(gradient, new int[]{1, 1, 1, 1}, rows);
        assertArrayEquals(new float[]{111.5f, 222.25f}, gradient.getRow(1).toFloatVector());
    }

    @Test
    void aGraphReusedAcrossShapesAndTableUpdatesMatchesAFreshOne() {
        BertConfig config = TinyBertFixture.config();
        Map<String, INDArray> weights = TinyBertFixture.weights();
        BertGraph reused = graph(config, weights);
        BertGradients reusedGradients = new BertGradients(reused, loss(reused));
        Map<String, INDArray> big = BertGraphGoldenTest.pretrainingFeed(reused);
        reusedGradients.compute(big);

        // a smaller batch, after the word table changed in place (as the optimiser changes it)
        reused.sameDiff().getVariable(BertGraph.WORD_EMBEDDINGS).getArr().muli(1.5);
        Map<String, INDArray> small = new java.util.HashMap<>();
        big.forEach((k, v) -> small.put(k, v.rank() == 1
                ? v.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup()
                : v.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup()));
        BertGradients.Result r = reusedGradients.compute(small);

        BertGraph fresh = graph(config, weights);
        fresh.sameDiff().getVariable(BertGraph.WORD_EMBEDDINGS).getArr().muli(1.5);
        BertGradients.Result expected = new BertGradients(fresh, loss(fresh)).compute(small);
        assertEquals(expected.loss(), r.loss(), 1e-6);
        for (var e : expected.gradients().entrySet()) {
            double diff = e.getValue().sub(r.gradients().get(e.getKey())).amaxNumber().doubleValue();
            assertTrue(diff < 1e-6, e.getKey() + " differs by " + diff);
        }
        INDArray seq = reused.output(small, BertGraph.SEQUENCE_OUTPUT).get(BertGraph.SEQUENCE_OUTPUT);
        INDArray freshSeq = fresh.output(small, BertGraph.SEQUENCE_OUTPUT).get(BertGraph.SEQUENCE_OUTPUT);
        assertEquals(0.0, seq.sub(freshSeq).amaxNumber().doubleValue(), 1e-6);
    }

    private static BertGraph graph(BertConfig config, Map<String, INDArray> weights) {
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        MaskedLmHead.attach(g);
        NextSentenceHead.attach(g);
        BertWeights.load(g, weights, Path.of("weights.json"), 1);
        return g;
    }

    private static SDVariable loss(BertGraph g) {
        return g.sameDiff().getVariable(MaskedLmHead.LOSS).add(g.sameDiff().getVariable(NextSentenceHead.LOSS));
    }
}
