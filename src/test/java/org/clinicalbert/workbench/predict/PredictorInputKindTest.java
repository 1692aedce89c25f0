package org.clinicalbert.workbench.predict;

import org.clinicalbert.workbench.predict.Predictor;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A model is never applied to input of another task's kind: a classifier (NLI run) refuses tagged text, a tagger
 * (NER run) refuses sentence pairs, each naming the line and what it expected; their own input passes.
 */
class PredictorInputKindTest {

    private static final Path IN = Path.of("in.txt");

    @Test
    void aClassifierRefusesTaggedText() {
        assertEquals("in.txt (line 4): a word and its tag (CoNLL-style tagged text), not a sentence pair: an NLI "
                        + "model classifies premise<TAB>hypothesis lines or MedNLI jsonl",
                assertThrows(InputFormatException.class, () -> Predictor.pairLine(IN, 4, "aspirin\tB-treatment"))
                        .getMessage());
        assertThrows(InputFormatException.class, () -> Predictor.pairLine(IN, 1, "fever\tO"));
        assertEquals(new Predictor.PairLine(null, "no fever", "she is well"),
                Predictor.pairLine(IN, 1, "no fever\tshe is well"));
    }

    @Test
    void aTaggerRefusesSentencePairs() {
        assertEquals("in.txt (line 2): a sentence pair (MedNLI jsonl), not a sentence: a tagger (NER run) reads one "
                        + "sentence per line, words separated by spaces",
                assertThrows(InputFormatException.class, () -> Predictor.sentenceLine(IN, 2,
                        "{\"sentence1\": \"no fever\", \"sentence2\": \"she is well\"}")).getMessage());
        assertEquals("in.txt (line 3): a sentence pair (premise<TAB>hypothesis), not a sentence: a tagger (NER run) "
                        + "reads one sentence per line, words separated by spaces",
                assertThrows(InputFormatException.class, () -> Predictor.sentenceLine(IN, 3, "no fever\tshe is well"))
                        .getMessage());
        Predictor.sentenceLine(IN, 1, "the patient was given aspirin .");
    }
}
