package org.clinicalbert.workbench.predict;

import org.clinicalbert.workbench.predict.Predictor;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An NLI model is given sentence pairs; a line that is not one is refused with its line number. */
class PredictorInputTest {

    private static final Path IN = Path.of("pairs.txt");

    @Test
    void pairsAreReadFromTabLinesAndJson() {
        assertEquals(new Predictor.PairLine(null, "no fever", "the patient is afebrile"),
                Predictor.pairLine(IN, 1, "no fever\tthe patient is afebrile"));
        assertEquals(new Predictor.PairLine("p7", "a", "b"),
                Predictor.pairLine(IN, 1, "{\"sentence1\": \"a\", \"sentence2\": \"b\", \"pairID\": \"p7\"}"));
    }

    @Test
    void malformedLinesNameTheirLine() {
        assertEquals("pairs.txt (line 3): expected premise<TAB>hypothesis, found 0 TAB(s) (or a JSON object with "
                + "sentence1 and sentence2)", assertThrows(InputFormatException.class,
                () -> Predictor.pairLine(IN, 3, "only one sentence")).getMessage());
        assertEquals("pairs.txt (line 4): expected premise<TAB>hypothesis, found 2 TAB(s) (or a JSON object with "
                + "sentence1 and sentence2)", assertThrows(InputFormatException.class,
                () -> Predictor.pairLine(IN, 4, "a\tb\tc")).getMessage());
        assertEquals("pairs.txt (line 5): no sentence2 field: an NLI model classifies sentence pairs",
                assertThrows(InputFormatException.class,
                        () -> Predictor.pairLine(IN, 5, "{\"sentence1\": \"a\"}")).getMessage());
    }
}
