package org.clinicalbert.workbench.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCE = Path.of("models/x/bert_config.json");

    /** google's BERT-base cased config, as released (keys in google's order). */
    private static final String BERT_BASE = """
            {
              "attention_probs_dropout_prob": 0.1,
              "hidden_act": "gelu",
              "hidden_dropout_prob": 0.1,
              "hidden_size": 768,
              "initializer_range": 0.02,
              "intermediate_size": 3072,
              "max_position_embeddings": 512,
              "num_attention_heads": 12,
              "num_hidden_layers": 12,
              "type_vocab_size": 2,
              "vocab_size": 28996
            }
            """;

    @Test
    void readsGoogleBertBaseConfig() {
        BertConfig c = BertConfig.fromJson(BERT_BASE, SOURCE);
        assertEquals(new BertConfig(28996, 768, 12, 12, 3072, "gelu", 0.1, 0.1, 512, 2, 0.02), c);
        assertEquals(64, c.headSize());
    }

    @Test
    void loadsTheFixtureFileAndRoundTripsThroughToJson(@TempDir Path dir) throws IOException {
        BertConfig c = TinyBertFixture.config();
        assertEquals(32, c.hiddenSize());
        Path copy = dir.resolve("bert_config.json");
        Files.writeString(copy, c.toJson());
        assertEquals(c, BertConfig.load(copy));
    }

    @Test
    void withDropoutChangesOnlyBothDropoutRates() {
        BertConfig base = new BertConfig(28996, 768, 12, 12, 3072, "gelu", 0.1, 0.2, 512, 2, 0.02);
        assertEquals(new BertConfig(28996, 768, 12, 12, 3072, "gelu", 0.0, 0.0, 512, 2, 0.02), base.withDropout(0.0));
        assertEquals(new BertConfig(28996, 768, 12, 12, 3072, "gelu", 0.3, 0.3, 512, 2, 0.02), base.withDropout(0.3));
    }

    @Test
    void ignoresUnknownExtraKeys() throws IOException {
        ObjectNode n = base();
        n.put("directionality", "bidi");
        n.put("pooler_fc_size", 768);
        assertEquals(BertConfig.fromJson(BERT_BASE, SOURCE), BertConfig.fromJson(JSON.writeValueAsString(n), SOURCE));
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        ObjectNode n = base();
        n.remove("num_attention_heads");
        assertError(n, "num_attention_heads", "missing");
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        ObjectNode n = base();
        n.put("hidden_size", "768");
        assertError(n, "hidden_size", "integer");
        n = base();
        n.put("hidden_size", 768.5);
        assertError(n, "hidden_size", "integer");
        n = base();
        n.put("hidden_dropout_prob", "0.1");
        assertError(n, "hidden_dropout_prob", "number");
        n = base();
        n.put("hidden_act", 1);
        assertError(n, "hidden_act", "string");
    }

    @Test
    void nonPositiveSizesAreRejected() throws IOException {
        for (String field : new String[]{"vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                "intermediate_size", "max_position_embeddings", "type_vocab_size"}) {
            ObjectNode n = base();
            n.put(field, 0);
            assertError(n, field, "positive");
            n.put(field, -3);
            assertError(n, field, "positive");
        }
        ObjectNode n = base();
        n.put("initializer_range", 0.0);
        assertError(n, "initializer_range", "positive");
    }

    @Test
    void dropoutOutsideUnitIntervalIsRejected() throws IOException {
        ObjectNode n = base();
        n.put("attention_probs_dropout_prob", 1.0);
        assertError(n, "attention_probs_dropout_prob", "[0, 1)");
        n = base();
        n.put("hidden_dropout_prob", -0.1);
        assertError(n, "hidden_dropout_prob", "[0, 1)");
    }

    @Test
    void hiddenSizeMustDivideIntoHeads() throws IOException {
        ObjectNode n = base();
        n.put("num_attention_heads", 10);
        assertError(n, "hidden_size", "not a multiple of num_attention_heads 10");
    }

    @Test
    void unknownActivationIsRejected() throws IOException {
        ObjectNode n = base();
        n.put("hidden_act", "relu");
        assertError(n, "hidden_act", "unsupported hidden_act 'relu'");
    }

    @Test
    void malformedJsonNamesFileAndLine() {
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> BertConfig.fromJson("{\n \"vocab_size\": 3,\n oops }", SOURCE));
        assertEquals(SOURCE, e.file());
        assertEquals("line 3", e.location());
        assertThrows(InputFormatException.class, () -> BertConfig.fromJson("[1, 2]", SOURCE));
    }

    @Test
    void missingFileNamesThePath(@TempDir Path dir) {
        Path absent = dir.resolve("nope/bert_config.json");
        Exception e = assertThrows(java.io.UncheckedIOException.class, () -> BertConfig.load(absent));
        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
    }

    @Test
    void constructorAppliesTheSameRules() {
        assertThrows(UserInputException.class,
                () -> new BertConfig(10, 30, 1, 4, 8, "gelu", 0.1, 0.1, 8, 2, 0.02));
        assertThrows(UserInputException.class,
                () -> new BertConfig(10, 32, 1, 4, 8, "swish", 0.1, 0.1, 8, 2, 0.02));
    }

    private static ObjectNode base() throws IOException {
        return (ObjectNode) JSON.readTree(BERT_BASE);
    }

    private static void assertError(ObjectNode config, String field, String messagePart) throws IOException {
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> BertConfig.fromJson(JSON.writeValueAsString(config), SOURCE));
        assertEquals(SOURCE, e.file());
        assertEquals("field " + field, e.location());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(e.getMessage().contains(SOURCE.toString()), e.getMessage());
    }
}
