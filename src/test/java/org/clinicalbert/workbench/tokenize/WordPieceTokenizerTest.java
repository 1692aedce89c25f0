package org.clinicalbert.workbench.tokenize;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trie search against google's own loop (shorter and shorter substrings), on many random words. */
class WordPieceTokenizerTest {

    /** google's WordpieceTokenizer loop, transcribed literally over code points. */
    static List<String> googleLoop(Vocab vocab, String word) {
        int[] chars = word.codePoints().toArray();
        if (chars.length > 200) {
            return List.of("[UNK]");
        }
        List<String> sub = new ArrayList<>();
        int start = 0;
        while (start < chars.length) {
            int end = chars.length;
            String cur = null;
            while (start < end) {
                String substr = new String(chars, start, end - start);
                if (start > 0) {
                    substr = "##" + substr;
                }
                if (vocab.contains(substr)) {
                    cur = substr;
                    break;
                }
                end--;
            }
            if (cur == null) {
                return List.of("[UNK]");
            }
            sub.add(cur);
            start = end;
        }
        return sub;
    }

    @Test
    void trieMatchesGoogleLoopOnRandomWords() {
        Vocab vocab = Vocab.load(GoldenFiles.resource("vocab_cased.txt"));
        WordPieceTokenizer wp = new WordPieceTokenizer(vocab);
        // Words glued from vocabulary pieces and stray characters, so both full covers and failures occur.
        List<String> alphabet = new ArrayList<>(vocab.tokens());
        List<String> strays = List.of("\u2603", "\uD83D\uDE00", "\u03A9", "##", "#");
        Random rng = new Random(7);
        int unk = 0;
        for (int n = 0; n < 4000; n++) {
            StringBuilder word = new StringBuilder();
            int parts = 1 + rng.nextInt(8);
            for (int p = 0; p < parts; p++) {
                String piece = alphabet.get(rng.nextInt(alphabet.size()));
                word.append(p > 0 && rng.nextBoolean() ? piece.replace("##", "") : piece);
                if (rng.nextInt(12) == 0) {
                    word.append(strays.get(rng.nextInt(strays.size())));
                }
            }
            String w = word.toString().replace(" ", "");
            if (w.isEmpty()) {
                continue;
            }
            List<String> expected = googleLoop(vocab, w);
            assertEquals(expected, wp.tokenize(w), w);
            if (expected.equals(List.of("[UNK]"))) {
                unk++;
            }
        }
        // Both outcomes must be well represented for the comparison to mean something.
        assertTrue(unk > 400 && unk < 3600, "unk words: " + unk);
    }
}
