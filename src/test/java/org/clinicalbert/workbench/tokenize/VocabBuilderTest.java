package org.clinicalbert.workbench.tokenize;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabBuilderTest {

    @Test
    void frequentWordsWholeRareWordsInPiecesNeverUnknown() {
        VocabBuilder b = new VocabBuilder(false);
        b.add("Patient denies chest pain. Patient reports chest pain and dyspnea.");
        List<String> words = b.build(5 + 94 * 2 + 3, 2);
        assertEquals(VocabBuilder.SPECIAL, words.subList(0, 5));
        // counts: Patient 2, chest 2, pain 2, . 2 (already a character entry): the 3 free slots take them
        assertTrue(words.containsAll(List.of("Patient", "chest", "pain")));
        assertFalse(words.contains("dyspnea"), "seen once: left to word pieces");
        FullTokenizer tok = new FullTokenizer(Vocab.of(words), false);
        List<String> pieces = tok.tokenize("Patient dyspnea");
        assertEquals(List.of("Patient", "d", "##y", "##s", "##p", "##n", "##e", "##a"), pieces);
        assertFalse(pieces.contains("[UNK]"));
    }
}
