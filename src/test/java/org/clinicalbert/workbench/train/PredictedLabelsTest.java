package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.data.features.NerWindow;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PredictedLabelsTest {

    private static final List<String> TAGS = List.of("O", "B-x", "I-x");

    @Test
    void rowsDecodeToTheirHighestScoringLabel() {
        INDArray logits = Nd4j.createFromArray(new float[][]{{0.1f, 2f, -1f}, {3f, 3f, 0f}, {-5f, -4f, -3f}});
        assertEquals("B-x", PredictedLabels.ofRow(logits, 0, TAGS));
        assertEquals("O", PredictedLabels.ofRow(logits, 1, TAGS), "a tie goes to the first label, as argmax");
        assertEquals("I-x", PredictedLabels.ofRow(logits, 2, TAGS));
    }

    @Test
    void wordsAreReadAtTheirFirstPieceInTheBatchPaddedLayout() {
        // window 0: 4 pieces, words at 1 and 2; window 1: 3 pieces, one word at 1; the batch pads to T = 4
        NerWindow a = new NerWindow(new int[4], new int[4], 0, new int[]{1, 2});
        NerWindow b = new NerWindow(new int[3], new int[3], 0, new int[]{1});
        float[][] rows = new float[8][3];
        rows[1][1] = 1;      // window 0, position 1: B-x
        rows[2][2] = 1;      // window 0, position 2: I-x
        rows[4 + 1][0] = 1;  // window 1, position 1: O
        rows[4 + 2][1] = 9;  // padding of window 1: never read
        assertEquals(List.of(List.of("B-x", "I-x"), List.of("O")),
                PredictedLabels.ofWords(Nd4j.createFromArray(rows), List.of(a, b), TAGS));
    }
}
