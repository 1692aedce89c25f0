package org.clinicalbert.workbench.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.text.tokenization.tokenizerfactory.BertWordPieceTokenizerFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why {@link FullTokenizer} exists: DL4J's {@code BertWordPieceTokenizerFactory} does not reproduce google's
 * tokenization.py on the golden lines. Deterministic: same jar, same files, same counts.
 */
class Dl4jBertTokenizerDivergenceTest {

    private static final Logger LOG = LoggerFactory.getLogger(Dl4jBertTokenizerDivergenceTest.class);

    @Test
    void dl4jDivergesFromGoogleOnManyGoldenLines() throws IOException {
        // Measured with deeplearning4j-nlp 1.0.0-M2.1: 145 (cased) and 107 (uncased) of the 361 golden lines.
        int cased = countMismatches("cased", false, "vocab_cased.txt");
        int uncased = countMismatches("uncased", true, "vocab_uncased.txt");
        assertTrue(cased > 0 && uncased > 0, "DL4J now matches google; reconsider using it");
    }

    @Test
    void concreteDivergences() throws IOException {
        BertWordPieceTokenizerFactory dl4j = new BertWordPieceTokenizerFactory(
                GoldenFiles.resource("vocab_cased.txt").toFile(), false, false, StandardCharsets.UTF_8);
        FullTokenizer google = FullTokenizer.fromVocabFile(GoldenFiles.resource("vocab_cased.txt"), false);
        // A word the vocabulary cannot cover: google gives [UNK], DL4J silently drops the uncovered character.
        assertEquals(List.of("[UNK]"), google.tokenize("unknown\u2603word"));
        assertEquals(List.of("un", "##k", "##no", "##w", "##n", "##w", "##or", "##d"),
                dl4j.create("unknown\u2603word").getTokens());
        // Words over 200 characters: google gives [UNK], DL4J has no limit.
        assertEquals(List.of("[UNK]"), google.tokenize("x".repeat(201)));
        assertEquals(201, dl4j.create("x".repeat(201)).getTokens().size());
        // U+2028 LINE SEPARATOR: Python's str.split() splits on it, DL4J glues the two words.
        assertEquals(List.of("lin", "##e", "separator"), google.tokenize("line\u2028separator"));
        assertEquals(List.of("lin", "##e", "##s", "##e", "##pa", "##r", "##at", "##or"),
                dl4j.create("line\u2028separator").getTokens());
    }

    private static int countMismatches(String key, boolean lower, String vocabFile) throws IOException {
        BertWordPieceTokenizerFactory dl4j = new BertWordPieceTokenizerFactory(
                GoldenFiles.resource(vocabFile).toFile(), lower, lower, StandardCharsets.UTF_8);
        List<String> inputs = GoldenFiles.inputs();
        List<JsonNode> golden = GoldenFiles.golden();
        List<String> examples = new ArrayList<>();
        int mismatches = 0;
        for (int i = 0; i < inputs.size(); i++) {
            List<String> expected = GoldenFiles.strings(golden.get(i).get(key));
            String got;
            boolean same;
            try {
                List<String> tokens = dl4j.create(inputs.get(i)).getTokens();
                same = tokens.equals(expected);
                got = tokens.toString();
            } catch (RuntimeException e) {
                same = false;
                got = e.toString();
            }
            if (!same) {
                mismatches++;
                if (examples.size() < 40) {
                    examples.add("line " + i + " " + GoldenFiles.lines("inputs.jsonl").get(i)
                            + "\n  google " + expected + "\n  dl4j   " + got);
                }
            }
        }
        LOG.info("{}: DL4J differs from google on {} of {} lines\n{}", key, mismatches, inputs.size(),
                String.join("\n", examples));
        return mismatches;
    }
}
