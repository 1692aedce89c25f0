package org.clinicalbert.workbench.tokenize;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-checked examples, most from google's tokenization_test.py and docstrings. */
class TokenizerExamplesTest {

    private static final Vocab GOOGLE_TEST_VOCAB = Vocab.of(List.of(
            "[UNK]", "[CLS]", "[SEP]", "want", "##want", "##ed", "wa", "un", "runn", "##ing", ",",
            "##aff", "##able"));

    @Test
    void wordPieceGreedyLongestMatchFirst() {
        WordPieceTokenizer wp = new WordPieceTokenizer(GOOGLE_TEST_VOCAB);
        assertEquals(List.of("un", "##aff", "##able"), wp.tokenize("unaffable"));
        assertEquals(List.of("un", "##want", "##ed", "runn", "##ing"), wp.tokenize("unwanted running"));
        assertEquals(List.of("[UNK]", "runn", "##ing"), wp.tokenize("unwantedX running"));
        assertEquals(List.of(), wp.tokenize(""));
    }

    @Test
    void fullTokenizerAndIds() {
        FullTokenizer full = new FullTokenizer(GOOGLE_TEST_VOCAB, true);
        List<String> tokens = full.tokenize("UNwant\u00E9d,running");
        assertEquals(List.of("un", "##want", "##ed", ",", "runn", "##ing"), tokens);
        assertArrayEquals(new int[] {7, 4, 5, 10, 8, 9}, full.convertTokensToIds(tokens));
        // Cased: "UNwant" has no cover in this lower-case vocabulary.
        assertEquals(List.of("[UNK]", ",", "runn", "##ing"), new FullTokenizer(GOOGLE_TEST_VOCAB, false)
                .tokenize("UNwanted,running"));
    }

    @Test
    void basicTokenizerLowerAndCased() {
        assertEquals(List.of("hello", "!", "how", "are", "you", "?"),
                new BasicTokenizer(true).tokenize(" \tHeLLo!how  \n Are yoU?  "));
        assertEquals(List.of("hello"), new BasicTokenizer(true).tokenize("H\u00E9llo"));
        assertEquals(List.of("HeLLo", "!", "how", "Are", "yoU", "?"),
                new BasicTokenizer(false).tokenize(" \tHeLLo!how  \n Are yoU?  "));
        assertEquals(List.of("ah", "\u535A", "\u63A8", "zz"), new BasicTokenizer(true).tokenize("ah\u535A\u63A8zz"));
    }

    @Test
    void clinicalTextKeepsCaseAndSplitsPunctuation() {
        assertEquals(List.of("s", "/", "p", "CABG", ",", "5mg", "p", ".", "o", ".", "b", ".", "i", ".", "d", "."),
                new BasicTokenizer(false).tokenize("s/p CABG, 5mg p.o. b.i.d."));
        assertEquals(List.of("[", "*", "*", "Hospital", "1234", "*", "*", "]"),
                new BasicTokenizer(false).tokenize("[**Hospital 1234**]"));
    }

    @Test
    void cleaningDropsControlsAndSplitsOnPythonWhitespace() {
        BasicTokenizer basic = new BasicTokenizer(false);
        // NUL, U+FFFD, zero-width space (Cf) and BEL (Cc) vanish without splitting the word.
        assertEquals(List.of("abcde"), basic.tokenize("a\u0000b\uFFFDc\u200Bd\u0007e"));
        // No-break space (Zs) and U+2028 (Zl, kept by clean-up but split by Python's str.split) separate words.
        assertEquals(List.of("a", "b", "c"), basic.tokenize("a\u00A0b\u2028c"));
    }

    @Test
    void supplementaryCharactersAreSingleCharacters() {
        String grin = "\uD83D\uDE00"; // U+1F600, two UTF-16 units, one Python character
        Vocab vocab = Vocab.of(List.of("[UNK]", grin, "##" + grin));
        WordPieceTokenizer wp = new WordPieceTokenizer(vocab);
        // 150 code points (300 UTF-16 units) is under google's 200-character limit ...
        assertEquals(150, wp.tokenize(grin.repeat(150)).size());
        assertEquals("##" + grin, wp.tokenize(grin.repeat(150)).get(149));
        // ... 201 is over it.
        assertEquals(List.of("[UNK]"), wp.tokenize(grin.repeat(201)));
        // A CJK extension-B ideograph (supplementary) gets spaces around it, as a whole code point.
        assertEquals(List.of("a", "\uD840\uDC00", "b"), new BasicTokenizer(false).tokenize("a\uD840\uDC00b"));
    }

    @Test
    void lowerCasingFollowsPythonFullMappings() {
        BasicTokenizer lower = new BasicTokenizer(true);
        // Python: 'İ'.lower() == 'i̇' (i + U+0307), and the dot is then stripped as a non-spacing mark.
        assertEquals(List.of("istanbul"), lower.tokenize("\u0130stanbul"));
        // Final sigma: 'ΟΔΟΣ'.lower() == 'οδος' with ς at the end.
        assertEquals(List.of("\u03BF\u03B4\u03BF\u03C2"), lower.tokenize("\u039F\u0394\u039F\u03A3"));
        // Strip-accents does NFD, not NFKD: the fi ligature stays.
        assertEquals(List.of("\uFB01ne", "cafe"), lower.tokenize("\uFB01ne CAF\u00C9"));
    }

    @Test
    void wordOfExactly200CharactersIsStillPieced() {
        Vocab vocab = Vocab.of(List.of("[UNK]", "x", "##x"));
        WordPieceTokenizer wp = new WordPieceTokenizer(vocab);
        assertEquals(200, wp.tokenize("x".repeat(200)).size());
        assertEquals(List.of("[UNK]"), wp.tokenize("x".repeat(201)));
    }
}
