package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.embed.EmbedManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model folders exactly as transformers 5.18's save_pretrained writes them (config.json, model.safetensors or
 * shards, tokenizer.json, tokenizer_config.json, no vocab.txt; src/test/resources/hf5/, written by
 * tools/hf/make_hf5_folders.py) in every command that reads a model folder, with outputs within 1e-4 of
 * transformers' own (golden.json, from the same script).
 */
class Transformers5FoldersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOL = 1e-4;
    static Path root;
    static JsonNode golden;

    @BeforeAll
    static void fixtures() throws Exception {
        root = Path.of(Transformers5FoldersTest.class.getResource("/hf5/golden.json").toURI()).getParent();
        golden = JSON.readTree(root.resolve("golden.json").toFile());
    }

    static Path folder(String name) {
        return root.resolve(name);
    }

    private static void assertClose(JsonNode expected, JsonNode actual, String what) {
        assertEquals(expected.size(), actual.size(), what + " size");
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).isArray()) {
                assertClose(expected.get(i), actual.get(i), what + "[" + i + "]");
            } else {
                assertEquals(expected.get(i).asDouble(), actual.get(i).asDouble(), TOL, what + "[" + i + "]");
            }
        }
    }

    @Test
    void encodeReproducesBertModel(@TempDir Path tmp) throws IOException {
        for (JsonNode g : golden.get("bert-model").get("texts")) {
            Path out = tmp.resolve("enc.json");
            CliRun r = CliRun.of("encode", "--model", folder("bert-model").toString(), "--text", g.get("text").asText(),
                    "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            // transformers 5 writes do_lower_case into tokenizer_config.json, which comes first
            assertTrue(r.out().contains("do_lower_case=true (from tokenizer_config.json)"), r.out());
            JsonNode j = JSON.readTree(out.toFile());
            assertEquals(g.get("input_ids"), j.get("input_ids"));
            assertClose(g.get("last_hidden_state"), j.get("sequence_output"), "sequence_output");
            assertClose(g.get("pooler_output"), j.get("pooled_output"), "pooled_output");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seq-cls", "seq-cls-sharded"})
    void encodeAndPredictReproduceSequenceClassification(String name, @TempDir Path tmp) throws IOException {
        JsonNode pairs = golden.get("seq-cls").get("pairs");
        List<String> lines = new ArrayList<>();
        for (JsonNode g : pairs) {
            Path out = tmp.resolve("enc.json");
            CliRun r = CliRun.of("encode", "--model", folder(name).toString(), "--text", g.get("a").asText(),
                    "--text-b", g.get("b").asText(), "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode j = JSON.readTree(out.toFile());
            // the second pair holds the added word "hba1c", id 84 past the WordPiece entries
            assertEquals(g.get("input_ids"), j.get("input_ids"));
            assertEquals(g.get("token_type_ids"), j.get("segment_ids"));
            assertClose(g.get("last_hidden_state"), j.get("sequence_output"), "sequence_output");
            assertClose(g.get("pooler_output"), j.get("pooled_output"), "pooled_output");
            lines.add(g.get("a").asText() + "\t" + g.get("b").asText());
        }
        Path in = Files.write(tmp.resolve("pairs.tsv"), lines);
        Path out = tmp.resolve("pred.jsonl");
        CliRun r = CliRun.of("predict", "--model", folder(name).toString(), "--input", in.toString(), "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> records = Files.readAllLines(out);
        assertEquals(pairs.size(), records.size());
        String[] labels = {"contradiction", "entailment", "neutral"};
        for (int i = 0; i < pairs.size(); i++) {
            JsonNode logits = JSON.readTree(records.get(i)).get("logits");
            for (int k = 0; k < labels.length; k++) {
                assertEquals(pairs.get(i).get("logits").get(k).asDouble(), logits.get(labels[k]).asDouble(), TOL);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"token-cls", "token-cls-sharded"})
    void predictTagsWordsAsTransformersOnFirstPieces(String name, @TempDir Path tmp) throws IOException {
        JsonNode sentences = golden.get("token-cls").get("sentences");
        List<String> lines = new ArrayList<>();
        sentences.forEach(s -> lines.add(s.get("sentence").asText()));
        Path in = Files.write(tmp.resolve("sentences.txt"), lines);
        Path out = tmp.resolve("tags.jsonl");
        CliRun r = CliRun.of("predict", "--model", folder(name).toString(), "--input", in.toString(), "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> records = Files.readAllLines(out);
        for (int i = 0; i < sentences.size(); i++) {
            JsonNode rec = JSON.readTree(records.get(i));
            assertEquals(sentences.get(i).get("words"), rec.get("words"));
            assertEquals(sentences.get(i).get("tags"), rec.get("tags"), "sentence " + i);
        }
        // the body under the head, piece by piece
        JsonNode g = sentences.get(0);
        Path enc = tmp.resolve("enc.json");
        r = CliRun.of("encode", "--model", folder(name).toString(), "--text", g.get("sentence").asText(), "--out",
                enc.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(enc.toFile());
        assertEquals(g.get("input_ids"), j.get("input_ids"));
        assertClose(g.get("last_hidden_state"), j.get("sequence_output"), "sequence_output");
    }

    @Test
    void embedPoolsTransformersClsVector(@TempDir Path tmp) throws IOException {
        JsonNode texts = golden.get("bert-model").get("texts");
        List<String> lines = new ArrayList<>();
        texts.forEach(t -> lines.add(JSON.createObjectNode().put("text", t.get("text").asText()).toString()));
        Path in = Files.write(tmp.resolve("in.jsonl"), lines);
        Path out = tmp.resolve("idx");
        CliRun r = CliRun.of("embed", "--model", folder("bert-model").toString(), "--input", in.toString(), "--out",
                out.toString(), "--pooling", "cls", "--layers", "-1");
        assertEquals(0, r.code(), r.err());
        byte[] npy = Files.readAllBytes(out.resolve(EmbedManifest.EMBEDDINGS));
        int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        ByteBuffer data = ByteBuffer.wrap(npy, 10 + headerLength, npy.length - 10 - headerLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode t : texts) {
            JsonNode cls = t.get("last_hidden_state").get(0);
            for (int h = 0; h < cls.size(); h++) {
                assertEquals(cls.get(h).asDouble(), data.getFloat(), TOL);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-model", "seq-cls-sharded", "token-cls"})
    void checkpointInspectListsTheTensors(String name) {
        CliRun r = CliRun.of("checkpoint", "inspect", folder(name).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("bert/encoder/layer_1/output/dense/kernel")
                || r.out().contains("encoder.layer.1.output.dense.weight"), r.out());
    }

    /** A copy of a fixture folder to change. */
    static Path copy(String name, Path tmp) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(folder(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void anotherTokenizerTypeIsRefusedInOneLine(@TempDir Path tmp) throws IOException {
        Path dir = copy("bert-model", tmp);
        Path file = dir.resolve("tokenizer.json");
        ObjectNode t = (ObjectNode) JSON.readTree(file.toFile());
        ((ObjectNode) t.get("model")).put("type", "BPE");
        Files.writeString(file, t.toString());
        CliRun r = CliRun.of("encode", "--model", dir.toString(), "--text", "chest pain", "--out",
                tmp.resolve("e.json").toString());
        assertEquals(2, r.code());
        assertEquals("error: " + file + " (model): unsupported tokenizer: model BPE (the workbench reads a WordPiece "
                + "model with BertNormalizer, BertPreTokenizer and [CLS] A [SEP] B [SEP] only)\n", r.err());
        assertFalse(Files.exists(tmp.resolve("e.json")));

        t = (ObjectNode) JSON.readTree(folder("bert-model").resolve("tokenizer.json").toFile());
        t.set("normalizer", JSON.readTree("{\"type\": \"Sequence\", \"normalizers\": []}"));
        Files.writeString(file, t.toString());
        r = CliRun.of("encode", "--model", dir.toString(), "--text", "chest pain", "--out",
                tmp.resolve("e.json").toString());
        assertEquals(2, r.code());
        assertEquals("error: " + file + " (normalizer): unsupported tokenizer: normalizer Sequence (the workbench "
                + "reads a WordPiece model with BertNormalizer, BertPreTokenizer and [CLS] A [SEP] B [SEP] only)\n",
                r.err());
    }

    @Test
    void vocabTxtThatDisagreesIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = copy("token-cls", tmp);
        List<String> vocab = Files.readAllLines(Path.of(root.getParent().resolve("hf/tiny-safetensors/vocab.txt")
                .toString()));
        // the same vocabulary agrees: no error
        Files.write(dir.resolve("vocab.txt"), vocab);
        CliRun ok = CliRun.of("encode", "--model", dir.toString(), "--text", "chest pain", "--out",
                tmp.resolve("ok.json").toString());
        assertEquals(0, ok.code(), ok.err());
        vocab.set(20, "fevers");
        Files.write(dir.resolve("vocab.txt"), vocab);
        CliRun r = CliRun.of("predict", "--model", dir.toString(), "--input", dir.resolve("config.json").toString());
        assertEquals(2, r.code());
        assertEquals("error: " + dir.resolve("vocab.txt") + " (line 21): vocab.txt and tokenizer.json disagree: id 20 "
                + "is 'fevers' in vocab.txt but 'history' in tokenizer.json; remove the stale one\n", r.err());
    }
}
