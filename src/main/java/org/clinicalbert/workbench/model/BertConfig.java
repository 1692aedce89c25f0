package org.clinicalbert.workbench.model;

import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.StrictUtf8;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The hyper-parameters of a BERT model, exactly the fields google's {@code bert_config.json} holds
 * ({@code modeling.BertConfig}).
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        String hiddenAct,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb,
        int maxPositionEmbeddings,
        int typeVocabSize,
        double initializerRange) {

    private static final Logger log = LoggerFactory.getLogger(BertConfig.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Set<String> KNOWN = Set.of(
            "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
            "hidden_act", "hidden_dropout_prob", "attention_probs_dropout_prob", "max_position_embeddings",
            "type_vocab_size", "initializer_range");

    /** google's {@code gelu}: the tanh approximation (transformers calls it {@code gelu_new}). */
    public static final String GELU_TANH = "gelu";
    /**
     * The exact {@code x * Phi(x)} GELU with erf, transformers' {@code gelu}: what a model imported from a Hugging
     * Face folder whose config says {@code "hidden_act": "gelu"} computes there. Not a google name: a TF export
     * of such a model says so rather than passing it off as google's tanh form.
     */
    public static final String GELU_ERF = "gelu_erf";

    /** The activations {@link BertGraph} builds. */
    public static final Set<String> SUPPORTED_ACTIVATIONS = Set.of(GELU_TANH, GELU_ERF);

    public BertConfig {
        // Validation here too, so that a config built in code is held to the same rules as one read from a file.
        String problem = problem(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize,
                initializerRange);
        if (problem != null) {
            throw new UserInputException(problem);
        }
    }

    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    public static BertConfig load(Path file) {
        try {
            return fromJson(StrictUtf8.readString(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BERT config " + file, e);
        }
    }

    /** Parses google's bert_config.json text; {@code sourceForErrors} names the file in error messages. */
    public static BertConfig fromJson(String json, Path sourceForErrors) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InputFormatException(sourceForErrors, "line " + e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InputFormatException(sourceForErrors, "", "a BERT config must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KNOWN.contains(key)) {
                log.warn("{}: ignoring unknown BERT config field '{}'", sourceForErrors, key);
            }
        }
        Fields f = new Fields(root, sourceForErrors);
        int vocab = f.positiveInt("vocab_size");
        int hidden = f.positiveInt("hidden_size");
        int layers = f.positiveInt("num_hidden_layers");
        int heads = f.positiveInt("num_attention_heads");
        int intermediate = f.positiveInt("intermediate_size");
        String act = f.string("hidden_act");
        double hiddenDrop = f.probability("hidden_dropout_prob");
        double attDrop = f.probability("attention_probs_dropout_prob");
        int maxPos = f.positiveInt("max_position_embeddings");
        int typeVocab = f.positiveInt("type_vocab_size");
        double initRange = f.positiveDouble("initializer_range");
        if (hidden % heads != 0) {
            throw f.error("hidden_size", "hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        if (!SUPPORTED_ACTIVATIONS.contains(act)) {
            throw f.error("hidden_act", "unsupported hidden_act '" + act + "' (supported: " + SUPPORTED_ACTIVATIONS + ")");
        }
        return new BertConfig(vocab, hidden, layers, heads, intermediate, act, hiddenDrop, attDrop, maxPos,
                typeVocab, initRange);
    }

    /** The config as google writes it (snake_case keys), e.g. to save next to an exported checkpoint. */
    /** This config with both dropout rates (hidden and attention probabilities) set to {@code rate}. */
    public BertConfig withDropout(double rate) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                rate, rate, maxPositionEmbeddings, typeVocabSize, initializerRange);
    }

    public String toJson() {
        var node = JSON.createObjectNode();
        node.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        node.put("hidden_act", hiddenAct);
        node.put("hidden_dropout_prob", hiddenDropoutProb);
        node.put("hidden_size", hiddenSize);
        node.put("initializer_range", initializerRange);
        node.put("intermediate_size", intermediateSize);
        node.put("max_position_embeddings", maxPositionEmbeddings);
        node.put("num_attention_heads", numAttentionHeads);
        node.put("num_hidden_layers", numHiddenLayers);
        node.put("type_vocab_size", typeVocabSize);
        node.put("vocab_size", vocabSize);
        return node.toPrettyString();
    }

    private static String problem(int vocab, int hidden, int layers, int heads, int intermediate, String act,
                                  double hiddenDrop, double attDrop, int maxPos, int typeVocab, double initRange) {
        if (vocab <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || intermediate <= 0 || maxPos <= 0
                || typeVocab <= 0) {
            return "BERT sizes must be positive";
        }
        if (hidden % heads != 0) {
            return "hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads;
        }
        if (act == null || !SUPPORTED_ACTIVATIONS.contains(act)) {
            return "unsupported hidden_act '" + act + "'";
        }
        if (!(hiddenDrop >= 0 && hiddenDrop < 1) || !(attDrop >= 0 && attDrop < 1)) {
            return "dropout probabilities must be in [0, 1)";
        }
        if (!(initRange > 0)) {
            return "initializer_range must be positive";
        }
        return null;
    }

    /** Typed access to the JSON fields, each failure naming the file and the field. */
    private record Fields(JsonNode root, Path file) {

        JsonNode required(String name) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                throw error(name, "missing required field '" + name + "'");
            }
            return n;
        }

        int positiveInt(String name) {
            JsonNode n = required(name);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw error(name, "'" + name + "' must be an integer, got " + n);
            }
            if (n.intValue() <= 0) {
                throw error(name, "'" + name + "' must be positive, got " + n.intValue());
            }
            return n.intValue();
        }

        double probability(String name) {
            double v = number(name);
            if (!(v >= 0 && v < 1)) {
                throw error(name, "'" + name + "' must be in [0, 1), got " + v);
            }
            return v;
        }

        double positiveDouble(String name) {
            double v = number(name);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw error(name, "'" + name + "' must be positive, got " + v);
            }
            return v;
        }

        double number(String name) {
            JsonNode n = required(name);
            if (!n.isNumber()) {
                throw error(name, "'" + name + "' must be a number, got " + n);
            }
            return n.doubleValue();
        }

        String string(String name) {
            JsonNode n = required(name);
            if (!n.isTextual()) {
                throw error(name, "'" + name + "' must be a string, got " + n);
            }
            return n.textValue();
        }

        InputFormatException error(String field, String message) {
            return new InputFormatException(file, "field " + field, message);
        }
    }
}
