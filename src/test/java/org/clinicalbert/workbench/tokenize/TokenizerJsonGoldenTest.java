package org.clinicalbert.workbench.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token-for-token and id-for-id agreement with transformers 5's fast tokenizer (the tokenizers library) on folders
 * it saved itself: the 361 awkward lines of google's golden set and the clinical lines of
 * tools/hf/make_tokenizer_goldens.py (accents kept and stripped, CJK, control characters, added words and special
 * tokens in the text, words over 100 characters).
 */
class TokenizerJsonGoldenTest {

    static Path folder(String name) {
        return GoldenFiles.resource("inputs.jsonl").getParent().getParent().resolve("hf-tokenizer").resolve(name);
    }

    static List<JsonNode> jsonl(Path file) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(m.readTree(line));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"uncased", "cased", "uncased-keep-accents", "cased-strip-accents"})
    void matchesTransformersFastTokenizerOnEveryLine(String name) throws IOException {
        TokenizerJson json = TokenizerJson.load(folder(name).resolve(TokenizerJson.FILE));
        FullTokenizer tokenizer = json.tokenizer(json.normalizer().lowercase());
        List<JsonNode> golden = jsonl(folder(name).resolve("golden.jsonl"));
        assertTrue(golden.size() > 370, "golden set too small: " + golden.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode g : golden) {
            List<String> expected = GoldenFiles.strings(g.get("tokens"));
            int[] expectedIds = GoldenFiles.ints(g.get("ids"));
            // tok(text) adds [CLS] ... [SEP]; the encoders add them around tokenize()
            List<String> tokens = new ArrayList<>(List.of("[CLS]"));
            tokens.addAll(tokenizer.tokenize(g.get("text").asText()));
            tokens.add("[SEP]");
            if (!tokens.equals(expected)) {
                failures.add("line " + g.get("line") + ": expected " + expected + " got " + tokens);
            } else if (!Arrays.equals(tokenizer.convertTokensToIds(tokens), expectedIds)) {
                failures.add("line " + g.get("line") + " ids: expected " + Arrays.toString(expectedIds) + " got "
                        + Arrays.toString(tokenizer.convertTokensToIds(tokens)));
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " mismatches");
    }
}
