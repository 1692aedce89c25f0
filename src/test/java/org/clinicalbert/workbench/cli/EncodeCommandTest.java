package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code workbench encode} end to end on the tiny-bert fixture; values checked against golden.json. */
class EncodeCommandTest {

    static Path tiny;
    static JsonNode golden;

    @BeforeAll
    static void fixture() throws Exception {
        tiny = Path.of(EncodeCommandTest.class.getResource("/tiny-bert/bert_config.json").toURI()).getParent();
        golden = new ObjectMapper().readTree(tiny.resolve("golden.json").toFile());
    }

    private static String[] run(String... args) {
        CommandLine cmd = Workbench.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int rc = cmd.execute(args);
        return new String[]{Integer.toString(rc), out.toString(), err.toString()};
    }

    @Test
    void writesTokensVectorsAndModelSummary(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sub/enc.json");
        String[] r = run("encode", "--model", tiny.toString(), "--text", "patient was admitted with chest",
                "--text-b", "patient was he history", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        assertEquals(golden.get("inputs").get("input_ids").get(0), j.get("input_ids"));
        assertEquals(golden.get("inputs").get("token_type_ids").get(0), j.get("segment_ids"));
        assertEquals("[CLS]", j.get("tokens").get(0).asText());
        assertEquals("history", j.get("tokens").get(10).asText());
        assertEquals(32, j.get("config").get("hidden_size").asInt());
        assertEquals(2, j.get("config").get("num_hidden_layers").asInt());
        assertEquals(tiny.toAbsolutePath().normalize().toString(), j.get("model_dir").asText());
        // the tiny vocabulary has no upper-case entry: uncased, and encode says where that came from
        assertTrue(j.get("do_lower_case").asBoolean());
        assertTrue(r[1].contains("do_lower_case=true (from the vocabulary)"), r[1]);
        assertEquals("patient was he history", j.get("text_b").asText());
        assertFalse(j.get("truncated").asBoolean());
        assertFalse(r[2].contains("truncated"), r[2]);

        JsonNode seq = j.get("sequence_output");
        assertEquals(12, seq.size());
        JsonNode expected = golden.get("sequence_output").get("values");
        for (int t = 0; t < 12; t++) {
            assertEquals(32, seq.get(t).size());
            for (int h = 0; h < 32; h++) {
                assertEquals(expected.get(t * 32 + h).asDouble(), seq.get(t).get(h).asDouble(), 1e-4);
            }
        }
        for (int h = 0; h < 32; h++) {
            assertEquals(golden.get("pooled_output").get("values").get(h).asDouble(),
                    j.get("pooled_output").get(h).asDouble(), 1e-4);
        }
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temp file left next to the output");
        }
    }

    @Test
    void lowerCaseFlagAndSingleText(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("enc.json");
        String[] r = run("encode", "--model", tiny.toString(), "--text", "Pneumonias", "--lower-case",
                "--max-seq-length", "16", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        assertEquals("[\"[CLS]\",\"pneumonia\",\"##s\",\"[SEP]\"]", j.get("tokens").toString());
        assertTrue(j.get("text_b").isNull());
        assertEquals(16, j.get("max_seq_length").asInt());
        assertTrue(j.get("do_lower_case").asBoolean());

        r = run("encode", "--model", tiny.toString(), "--text", "the patient was admitted with chest pain",
                "--max-seq-length", "4", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("warning: input truncated to --max-seq-length 4"), r[2]);
        j = new ObjectMapper().readTree(out.toFile());
        assertTrue(j.get("truncated").asBoolean());
        assertEquals("[\"[CLS]\",\"the\",\"patient\",\"[SEP]\"]", j.get("tokens").toString());
        assertTrue(j.get("do_lower_case").asBoolean());

        r = run("encode", "--model", tiny.toString(), "--text", "Pneumonias", "--no-lower-case",
                "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("do_lower_case=false (from the command line)"), r[1]);
        assertFalse(new ObjectMapper().readTree(out.toFile()).get("do_lower_case").asBoolean());
    }

    @Test
    void missingModelFolderFails(@TempDir Path dir) {
        Path out = dir.resolve("enc.json");
        Path missing = dir.resolve("no-model");
        String[] r = run("encode", "--model", missing.toString(), "--text", "x", "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("error: " + missing), r[2]);
        assertFalse(Files.exists(out));
    }

    @Test
    void missingVocabOrConfigFails(@TempDir Path dir) throws IOException {
        for (String file : new String[]{"vocab.txt", "bert_config.json"}) {
            Path model = copyFixture(dir.resolve("without-" + file));
            Files.delete(model.resolve(file));
            Path out = dir.resolve(file + ".json");
            String[] r = run("encode", "--model", model.toString(), "--text", "x", "--out", out.toString());
            assertEquals("2", r[0]);
            assertTrue(r[2].startsWith("error: " + model.resolve(file)), r[2]);
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void checkpointNotMatchingConfigFails(@TempDir Path dir) throws IOException {
        Path model = copyFixture(dir.resolve("wide"));
        Path config = model.resolve("bert_config.json");
        Files.writeString(config, Files.readString(config).replace("\"intermediate_size\": 64", "\"intermediate_size\": 48"));
        Path out = dir.resolve("enc.json");
        String[] r = run("encode", "--model", model.toString(), "--text", "x", "--out", out.toString());
        assertEquals("2", r[0]);
        // the config named with its first disagreeing key (issue 24), in one line
        assertEquals("error: " + config + " (key intermediate_size): says 48, but the weights' "
                + "bert/encoder/layer_0/intermediate/dense/kernel is [32, 64] (intermediate_size 64, in "
                + model.resolve("model.ckpt-0.index") + ")\n", r[2]);
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the model copy: no output or temp file");
        }
    }

    @Test
    void maxSeqLengthBeyondPositionTableFails(@TempDir Path dir) {
        Path out = dir.resolve("enc.json");
        String[] r = run("encode", "--model", tiny.toString(), "--text", "x", "--max-seq-length", "512",
                "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("max_position_embeddings 64"), r[2]);
        assertFalse(Files.exists(out));
    }

    private static Path copyFixture(Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : new String[]{"bert_config.json", "vocab.txt", "model.ckpt-0.index",
                "model.ckpt-0.data-00000-of-00001"}) {
            Files.copy(tiny.resolve(f), to.resolve(f));
        }
        return to;
    }
}
