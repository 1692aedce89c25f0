package org.clinicalbert.workbench.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token-for-token agreement with google's tokenization.py on every golden line, cased and uncased. */
class FullTokenizerGoldenTest {

    @Test
    void casedMatchesGoogleOnEveryLine() {
        assertMatchesGolden("cased", false, "vocab_cased.txt");
    }

    @Test
    void uncasedMatchesGoogleOnEveryLine() {
        assertMatchesGolden("uncased", true, "vocab_uncased.txt");
    }

    private static String shorten(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }

    private static void assertMatchesGolden(String key, boolean lower, String vocabFile) {
        FullTokenizer tokenizer = FullTokenizer.fromVocabFile(GoldenFiles.resource(vocabFile), lower);
        BasicTokenizer basic = new BasicTokenizer(lower);
        List<String> inputs = GoldenFiles.inputs();
        List<JsonNode> golden = GoldenFiles.golden();
        assertEquals(inputs.size(), golden.size());
        assertTrue(inputs.size() >= 300, "golden set too small: " + inputs.size());

        List<String> failures = new ArrayList<>();
        int unkLines = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            JsonNode g = golden.get(i);
            List<String> tokens = tokenizer.tokenize(text);
            List<String> expectedBasic = GoldenFiles.strings(g.get(key + "_basic"));
            List<String> expected = GoldenFiles.strings(g.get(key));
            int[] expectedIds = GoldenFiles.ints(g.get(key + "_ids"));
            if (!basic.tokenize(text).equals(expectedBasic)) {
                failures.add("line " + i + " basic: expected " + expectedBasic + " got " + basic.tokenize(text));
            }
            if (!tokens.equals(expected)) {
                failures.add("line " + i + " full: expected " + expected + " got " + tokens);
            }
            if (!Arrays.equals(tokenizer.convertTokensToIds(tokens), expectedIds)) {
                failures.add("line " + i + " ids: expected " + Arrays.toString(expectedIds));
            }
            if (expected.contains(Vocab.UNK)) {
                unkLines++;
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " mismatches, first: "
                + failures.stream().limit(10).map(FullTokenizerGoldenTest::shorten).toList());
        // The golden set must exercise the [UNK] paths, or this test would prove less than it claims.
        assertTrue(unkLines > 10, "too few golden lines with [UNK]: " + unkLines);
    }
}
