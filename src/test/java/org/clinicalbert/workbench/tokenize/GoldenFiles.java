package org.clinicalbert.workbench.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the golden files written by {@code tools/golden/tokenizer_golden.py} from google's tokenization.py. */
final class GoldenFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenFiles() {
    }

    static Path resource(String name) {
        try {
            return Path.of(GoldenFiles.class.getResource("/tokenizer/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lines(String name) {
        try {
            return Files.readAllLines(resource(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input texts, one JSON string per line. */
    static List<String> inputs() {
        List<String> out = new ArrayList<>();
        for (String line : lines("inputs.jsonl")) {
            out.add(parse(line).textValue());
        }
        return out;
    }

    /** google's output per input line. */
    static List<JsonNode> golden() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines("golden.jsonl")) {
            out.add(parse(line));
        }
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.textValue()));
        return out;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
