package org.clinicalbert.workbench.data.features;

import org.clinicalbert.workbench.tokenize.FullTokenizer;
import org.clinicalbert.workbench.tokenize.Vocab;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncodersTest {

    // ids: [PAD]0 [UNK]1 [CLS]2 [SEP]3 [MASK]4 chest5 pain6 no7 fever8 ##s9 pneum10 ##onia11 .12
    private static final FullTokenizer TOK = new FullTokenizer(Vocab.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]",
            "[MASK]", "chest", "pain", "no", "fever", "##s", "pneum", "##onia", ".")), false);

    @Test
    void pairIsClsASepBSepWithSegments() {
        PairFeatures f = new SentencePairEncoder(TOK, 16).encode("chest pain.", "no fevers");
        assertArrayEquals(new int[]{2, 5, 6, 12, 3, 7, 8, 9, 3}, f.inputIds());
        assertArrayEquals(new int[]{0, 0, 0, 0, 0, 1, 1, 1, 1}, f.segmentIds());
    }

    @Test
    void longPairLosesTokensFromTheEndOfTheLongerSide() {
        // a = chest pain chest pain . (5), b = no fever (2); max 8 leaves 5 for the pair: a is cut to 3
        PairFeatures f = new SentencePairEncoder(TOK, 8).encode("chest pain chest pain.", "no fever");
        assertArrayEquals(new int[]{2, 5, 6, 5, 3, 7, 8, 3}, f.inputIds());
        assertEquals(8, f.length());
    }

    @Test
    void nerLabelGoesOnFirstPieceOnly() {
        List<NerWindow> w = new NerWindowEncoder(TOK, 32).encode(List.of("no", "pneumonia", "fevers"),
                new int[]{0, 1, 2});
        assertEquals(1, w.size());
        assertArrayEquals(new int[]{2, 7, 10, 11, 8, 9, 3}, w.get(0).inputIds());
        assertArrayEquals(new int[]{-1, 0, 1, -1, 2, -1, -1}, w.get(0).pieceLabels());
        assertArrayEquals(new int[]{1, 2, 4}, w.get(0).wordPositions());
    }

    @Test
    void longSentencesAreWindowedAtWordBoundariesAndNoWordIsLost() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 57; i++) {
            words.add(i % 3 == 0 ? "pneumonia" : i % 3 == 1 ? "fevers" : "chest");
        }
        int[] labels = new int[words.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 5;
        }
        int max = 12;
        List<NerWindow> windows = new NerWindowEncoder(TOK, max).encode(words, labels);
        int next = 0;
        for (NerWindow w : windows) {
            assertTrue(w.length() <= max, "window of " + w.length());
            assertEquals(next, w.firstWord());
            for (int k = 0; k < w.wordCount(); k++) {
                assertEquals(labels[next + k], w.pieceLabels()[w.wordPositions()[k]]);
            }
            long labelled = Arrays.stream(w.pieceLabels()).filter(l -> l >= 0).count();
            assertEquals(w.wordCount(), labelled);
            next += w.wordCount();
        }
        assertEquals(words.size(), next, "every word in exactly one window");
    }

    @Test
    void aWordLongerThanAWindowKeepsItsLabelOnTheFirstPiece() {
        // max 3 leaves one piece per window: "fevers" = fever ##s is cut to "fever", its label kept
        List<NerWindow> w = new NerWindowEncoder(TOK, 3).encode(List.of("no", "fevers"), new int[]{3, 4});
        assertEquals(2, w.size());
        assertArrayEquals(new int[]{2, 7, 3}, w.get(0).inputIds());
        assertArrayEquals(new int[]{2, 8, 3}, w.get(1).inputIds());
        assertEquals(List.of(3, 4), w.stream().map(x -> x.pieceLabels()[x.wordPositions()[0]]).toList());
    }
}
