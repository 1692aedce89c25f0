package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 24, principle 3: every path that loads a model folder (the TensorFlow layout, the Hugging Face layout, a
 * run's model/, an export's output) checks its config against its weights and requires its sizes: one line naming
 * config.json or bert_config.json and the first disagreement, never a page of missing tensors or a default. The
 * TensorFlow layout through encode: SecondRoundMistakesTest.aConfigThatDisagreesWithItsWeightsIsOneLineNamingTheKey.
 */
class ConfigAgreementPathsTest {

    @TempDir
    Path dir;

    private CliRun encode(Path model) {
        return CliRun.of("encode", "--model", model.toString(), "--text", "no fever", "--out",
                dir.resolve("encoded.json").toString());
    }

    private static void assertOneLine(CliRun r, String line) {
        assertEquals(line + "\n", r.err(), r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aHuggingFaceConfigWithoutASizeIsAnErrorNotTransformersDefault() throws IOException {
        for (String key : List.of("hidden_size", "num_attention_heads", "vocab_size")) {
            Path model = ModelCopies.copy(ModelCopies.TINY_HF, dir.resolve("hf-without-" + key));
            Path config = model.resolve("config.json");
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) org.clinicalbert.workbench.io.Json.MAPPER
                    .readTree(config.toFile());
            assertFalse(json.remove(key) == null, key);
            Files.writeString(config, json.toPrettyString());
            assertOneLine(encode(model), "error: " + config + " (field " + key + "): missing required field '" + key
                    + "'");
        }
    }

    @Test
    void aHuggingFaceConfigThatDisagreesWithItsWeightsNamesTheKey() throws IOException {
        Path model = ModelCopies.copy(ModelCopies.TINY_HF, dir.resolve("hf"));
        Path config = model.resolve("config.json");
        ModelCopies.edit(config, "\"intermediate_size\": 64", "\"intermediate_size\": 96");
        assertOneLine(encode(model), "error: " + config + " (key intermediate_size): says 96, but the weights' "
                + "bert/encoder/layer_0/intermediate/dense/kernel is [32, 64] (intermediate_size 64, in "
                + model.resolve("model.safetensors") + ")");
    }

    @Test
    void aRunsModelFolderThatDisagreesWithItsWeightsNamesTheKeyForPredictAndExport() throws IOException {
        Path model = ModelCopies.fineTuned(dir.resolve("run/model"), "SEQUENCE",
                List.of("entailment", "contradiction", "neutral"));
        Path config = model.resolve("bert_config.json");
        ModelCopies.edit(config, "\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3");
        Path input = Files.writeString(dir.resolve("pairs.txt"), "no fever\tshe is well\n");
        String line = "error: " + config + " (key num_hidden_layers): says 3, but the weights (" + model.resolve(
                "model.ckpt-0.index") + ") have 2 encoder layers";
        assertOneLine(CliRun.of("predict", "--model", model.getParent().toString(), "--input", input.toString()),
                line);
        assertOneLine(CliRun.of("export", "--run", model.getParent().toString(), "--format", "hf", "--out",
                dir.resolve("exported").toString()), line);
    }

    @Test
    void anExportsOutputIsCheckedWhenItIsLoadedAgain() throws IOException {
        Path source = ModelCopies.copy(ModelCopies.TINY, dir.resolve("tiny"));
        for (String format : List.of("hf", "tf")) {
            Path out = dir.resolve("exported-" + format);
            CliRun export = CliRun.of("export", "--run", source.toString(), "--format", format, "--out",
                    out.toString());
            assertEquals(0, export.code(), export.err());
            assertEquals(0, encode(out).code(), "the export loads as it was written");
            Path config = out.resolve(format.equals("hf") ? "config.json" : "bert_config.json");
            String text = Files.readString(config);
            Files.writeString(config, text.replaceFirst("(\"num_hidden_layers\"\\s*:\\s*)2", "$13"));
            CliRun r = encode(out);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            String weights = format.equals("hf") ? "model.safetensors" : "model.ckpt-0.index";
            assertEquals("error: " + config + " (key num_hidden_layers): says 3, but the weights ("
                    + out.resolve(weights) + ") have 2 encoder layers\n", r.err());
        }
    }
}
