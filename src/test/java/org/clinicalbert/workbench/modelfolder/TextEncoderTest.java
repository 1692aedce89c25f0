package org.clinicalbert.workbench.modelfolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TextEncoder} on the tiny-bert fixture against golden.json (the torch float64 re-implementation of
 * google's modeling.py, tools/tiny-bert/make_tiny_bert.py): tolerance 1e-4 absolute, as for the graph's own
 * golden test.
 */
class TextEncoderTest {

    private static final Logger log = LoggerFactory.getLogger(TextEncoderTest.class);
    static final double TOL = 1e-4;
    static Path tiny;
    static JsonNode golden;
    static TextEncoder encoder;

    @BeforeAll
    static void open() throws Exception {
        tiny = Path.of(TextEncoderTest.class.getResource("/tiny-bert/bert_config.json").toURI()).getParent();
        golden = new ObjectMapper().readTree(tiny.resolve("golden.json").toFile());
        encoder = TextEncoder.open(ModelFolder.open(tiny, false), null);
    }

    /**
     * golden.json's first input row (no padding) is [CLS] 6 7 8 9 10 [SEP] 6 7 16 20 [SEP], segment b from
     * position 7; in the tiny vocabulary those ids are the words below.
     */
    @Test
    void textPairMatchesGoldenRow() {
        TextEncoding e = encoder.encode("patient was admitted with chest", "patient was he history");
        int t = 12;
        int h = 32;
        assertArrayEquals(ints(golden.get("inputs").get("input_ids").get(0)), e.inputIds());
        assertArrayEquals(ints(golden.get("inputs").get("token_type_ids").get(0)), e.segmentIds());
        assertEquals(List.of("[CLS]", "patient", "was", "admitted", "with", "chest", "[SEP]", "patient", "was", "he",
                "history", "[SEP]"), e.tokens());
        assertEquals(t, e.sequenceOutput().length);
        assertFalse(e.truncated());
        JsonNode seq = golden.get("sequence_output");
        assertEquals(List.of(3, t, h), List.of(seq.get("shape").get(0).asInt(), seq.get("shape").get(1).asInt(),
                seq.get("shape").get(2).asInt()));
        double worst = 0;
        for (int i = 0; i < t; i++) {
            assertEquals(h, e.sequenceOutput()[i].length);
            for (int j = 0; j < h; j++) {
                worst = Math.max(worst, Math.abs(seq.get("values").get(i * h + j).asDouble() - e.sequenceOutput()[i][j]));
            }
        }
        assertTrue(worst <= TOL, "sequence_output max abs difference " + worst);
        JsonNode pooled = golden.get("pooled_output").get("values");
        assertEquals(h, e.pooledOutput().length);
        double worstPooled = 0;
        for (int j = 0; j < h; j++) {
            assertEquals(pooled.get(j).asDouble(), e.pooledOutput()[j], TOL, "pooled[" + j + "]");
            worstPooled = Math.max(worstPooled, Math.abs(pooled.get(j).asDouble() - e.pooledOutput()[j]));
        }
        log.info("encode vs golden row 0: sequence_output max abs difference {}, pooled {}", worst, worstPooled);
    }

    /**
     * Hand-checked with the tiny vocabulary (ids = line - 1 of vocab.txt): lower-cased, "Pneumonias" is
     * pneumonia (55) + ##s (81); cased (the default) no piece starts "P", so the word is [UNK] (1).
     * , ( ) . are split off as punctuation: 60 61 62 59; left 47, lung 49.
     */
    @Test
    void tokenisesWithTheFolderVocabularyCasedByDefault() {
        String text = "Pneumonias, (left) lung.";
        TextEncoding cased = encoder.encode(text, null);
        assertArrayEquals(new int[]{2, 1, 60, 61, 47, 62, 49, 59, 3}, cased.inputIds());
        assertArrayEquals(new int[9], cased.segmentIds());
        assertEquals("[UNK]", cased.tokens().get(1));

        TextEncoder lower = TextEncoder.open(ModelFolder.open(tiny, true), null);
        TextEncoding e = lower.encode(text, null);
        assertEquals(List.of("[CLS]", "pneumonia", "##s", ",", "(", "left", ")", "lung", ".", "[SEP]"), e.tokens());
        assertArrayEquals(new int[]{2, 55, 81, 60, 61, 47, 62, 49, 59, 3}, e.inputIds());
        assertEquals(10, e.sequenceOutput().length);
    }

    @Test
    void truncatesToMaxSeqLengthAndDefaultsToThePositionTable() {
        assertEquals(64, encoder.maxSeqLength(), "min(512, max_position_embeddings 64)");
        TextEncoder short8 = TextEncoder.open(ModelFolder.open(tiny, false), 8);
        TextEncoding e = short8.encode("the patient was admitted with chest pain and fever", "he denies fever today");
        assertEquals(8, e.inputIds().length);
        // google's _truncate_seq_pair: 5 pieces left, taken from the longer side first -> a keeps 3, b keeps 2
        assertEquals(List.of("[CLS]", "the", "patient", "was", "[SEP]", "he", "denies", "[SEP]"), e.tokens());
        assertArrayEquals(new int[]{0, 0, 0, 0, 0, 1, 1, 1}, e.segmentIds());
        assertTrue(e.truncated());
        // "today" is one [UNK] piece; the limit counts [CLS] and [SEP]s
        assertFalse(short8.encode("he denies fever", "pain today").truncated(), "3 + 2 + 3 = 8 pieces fit");
        assertFalse(short8.encode("he denies fever today pain and", null).truncated(), "6 + 2 = 8 pieces fit");
        assertTrue(short8.encode("he denies fever today pain and fever", null).truncated(), "7 + 2 pieces");

        UserInputException tooLong = assertThrows(UserInputException.class,
                () -> TextEncoder.open(ModelFolder.open(tiny, false), 65));
        assertTrue(tooLong.getMessage().contains("max_position_embeddings 64"), tooLong.getMessage());
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nowhere");
        assertNamed(missing, assertThrows(InputFormatException.class, () -> ModelFolder.open(missing, false)));

        Path noConfig = copyFixture(dir.resolve("no-config"));
        Files.delete(noConfig.resolve("bert_config.json"));
        assertNamed(noConfig.resolve("bert_config.json"),
                assertThrows(InputFormatException.class, () -> ModelFolder.open(noConfig, false)));

        Path noVocab = copyFixture(dir.resolve("no-vocab"));
        Files.delete(noVocab.resolve("vocab.txt"));
        assertNamed(noVocab.resolve("vocab.txt"),
                assertThrows(InputFormatException.class, () -> ModelFolder.open(noVocab, false)));

        Path noCheckpoint = copyFixture(dir.resolve("no-checkpoint"));
        Files.delete(noCheckpoint.resolve("model.ckpt-0.index"));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> TextEncoder.open(ModelFolder.open(noCheckpoint, false), null));
        assertTrue(e.getMessage().contains("no-checkpoint") && e.getMessage().contains("checkpoint"), e.getMessage());
    }

    @Test
    void checkpointNotMatchingConfigIsNamed(@TempDir Path dir) throws IOException {
        Path model = copyFixture(dir.resolve("three-layers"));
        Path config = model.resolve("bert_config.json");
        Files.writeString(config, Files.readString(config).replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3"));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> TextEncoder.open(ModelFolder.open(model, false), null));
        // the config is at fault, named with its key (issue 24), not the checkpoint's missing layer_2 variables
        assertEquals(config, e.file());
        assertEquals(config + " (key num_hidden_layers): says 3, but the weights ("
                + model.resolve("model.ckpt-0.index") + ") have 2 encoder layers", e.getMessage());
    }

    static Path copyFixture(Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(tiny)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("golden.json") && !f.getFileName().toString().equals("weights.json")) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }

    private static void assertNamed(Path file, InputFormatException e) {
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    private static int[] ints(JsonNode row) {
        int[] v = new int[row.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = row.get(i).asInt();
        }
        return v;
    }
}
