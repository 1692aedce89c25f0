package org.clinicalbert.workbench.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.model.BertConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A transformers {@code config.json} for BERT, as the workbench's {@link BertConfig} plus what only the Hugging
 * Face side carries: the label names of a fine-tuned head ({@code id2label}), the architectures and the
 * activation's name there. The sizes ({@link #SIZE_KEYS}) are required; other absent fields take transformers'
 * {@code BertConfig} defaults, as transformers does.
 *
 * @param labels  {@code id2label} in id order; empty when the config has none
 * @param hfHiddenAct the {@code hidden_act} as written ("gelu" = erf form, "gelu_new"/"gelu_pytorch_tanh" = tanh)
 */
public record HfConfig(BertConfig bert, List<String> labels, List<String> architectures, String hfHiddenAct) {

    private static final ObjectMapper JSON = Json.MAPPER;
    /** BertGraph's LayerNorm has no epsilon (docs/samediff-m2.1.md §4), equal to 1e-12 to float precision. */
    private static final double SUPPORTED_LAYER_NORM_EPS = 1e-12;

    /** The fields that size the model's tensors: required, never defaulted. */
    static final List<String> SIZE_KEYS = List.of("vocab_size", "hidden_size", "num_hidden_layers",
            "num_attention_heads", "intermediate_size", "max_position_embeddings", "type_vocab_size");

    public static HfConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InputFormatException(file, "line " + e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InputFormatException(file, null, "config.json must be a JSON object");
        }
        String modelType = root.path("model_type").asText("bert");
        if (!modelType.equals("bert")) {
            throw new InputFormatException(file, "field model_type", "model_type '" + modelType
                    + "' is not a BERT model");
        }
        String position = root.path("position_embedding_type").asText("absolute");
        if (!position.equals("absolute")) {
            throw new InputFormatException(file, "field position_embedding_type", "position_embedding_type '"
                    + position + "' is not supported (only absolute, as in google's BERT)");
        }
        if (root.path("is_decoder").asBoolean(false)) {
            throw new InputFormatException(file, "field is_decoder", "decoder BERT models are not supported");
        }
        double eps = root.path("layer_norm_eps").asDouble(SUPPORTED_LAYER_NORM_EPS);
        if (Math.abs(eps - SUPPORTED_LAYER_NORM_EPS) > 1e-15) {
            throw new InputFormatException(file, "field layer_norm_eps", "layer_norm_eps " + eps
                    + " is not supported: the workbench's LayerNorm is google's (epsilon 1e-12)");
        }
        String act = root.path("hidden_act").asText("gelu");
        String internal = switch (act) {
            case "gelu" -> BertConfig.GELU_ERF;
            case "gelu_new", "gelu_pytorch_tanh" -> BertConfig.GELU_TANH;
            default -> throw new InputFormatException(file, "field hidden_act", "unsupported hidden_act '" + act
                    + "' (supported: gelu = exact erf form, gelu_new / gelu_pytorch_tanh = google's tanh form)");
        };
        // the sizes fix every tensor's shape: transformers' save_pretrained always writes them, and a default
        // (768, 12 heads, ...) for a missing one would be a silent guess about another model
        for (String key : SIZE_KEYS) {
            if (!root.has(key)) {
                throw new InputFormatException(file, "field " + key, "missing required field '" + key + "'");
            }
        }
        // google's field names are transformers' too; reuse BertConfig's checks on a google-style object
        ObjectNode google = JSON.createObjectNode();
        google.put("vocab_size", root.path("vocab_size").asInt());
        google.put("hidden_size", root.path("hidden_size").asInt());
        google.put("num_hidden_layers", root.path("num_hidden_layers").asInt());
        google.put("num_attention_heads", root.path("num_attention_heads").asInt());
        google.put("intermediate_size", root.path("intermediate_size").asInt());
        google.put("hidden_act", internal);
        google.put("hidden_dropout_prob", root.path("hidden_dropout_prob").asDouble(0.1));
        google.put("attention_probs_dropout_prob", root.path("attention_probs_dropout_prob").asDouble(0.1));
        google.put("max_position_embeddings", root.path("max_position_embeddings").asInt());
        google.put("type_vocab_size", root.path("type_vocab_size").asInt());
        google.put("initializer_range", root.path("initializer_range").asDouble(0.02));
        for (String key : SIZE_KEYS) {
            if (root.has(key) && !root.get(key).isIntegralNumber()) {
                throw new InputFormatException(file, "field " + key, "'" + key + "' must be an integer, got "
                        + root.get(key));
            }
        }
        BertConfig bert = BertConfig.fromJson(google.toString(), file);
        List<String> architectures = new ArrayList<>();
        root.path("architectures").forEach(n -> architectures.add(n.asText()));
        return new HfConfig(bert, labels(root, file), List.copyOf(architectures), act);
    }

    /** {@code id2label} as a list by id; ids must be 0..n-1, and {@code label2id}, when present, its inverse. */
    private static List<String> labels(JsonNode root, Path file) {
        JsonNode id2label = root.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.size() == 0) {
            return List.of();
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                byId.put(Integer.parseInt(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw new InputFormatException(file, "field id2label", "label id '" + e.getKey()
                        + "' is not an integer");
            }
        }
        if (byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1) {
            throw new InputFormatException(file, "field id2label", "label ids must be 0.." + (byId.size() - 1)
                    + ", got " + byId.keySet());
        }
        List<String> labels = new ArrayList<>(byId.values());
        JsonNode label2id = root.get("label2id");
        if (label2id != null && label2id.isObject()) {
            for (int i = 0; i < labels.size(); i++) {
                JsonNode id = label2id.get(labels.get(i));
                if (id == null || id.asInt(-1) != i) {
                    throw new InputFormatException(file, "field label2id", "label2id does not invert id2label at '"
                            + labels.get(i) + "'");
                }
            }
        }
        return List.copyOf(labels);
    }

    /** transformers' labels when a config has none: LABEL_0, LABEL_1, ... (they mean nothing, so not used). */
    public boolean hasNamedLabels() {
        return !labels.isEmpty() && !labels.get(0).equals("LABEL_0");
    }

    /**
     * A transformers {@code config.json} for {@code config} with the given head: the {@code hidden_act} that
     * reproduces the workbench's outputs ({@code gelu_new} for google's tanh form, {@code gelu} for the erf form).
     */
    public static String toJson(BertConfig config, String architecture, List<String> labels) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add(architecture);
        n.put("attention_probs_dropout_prob", config.attentionProbsDropoutProb());
        n.put("hidden_act", hfActivation(config.hiddenAct()));
        n.put("hidden_dropout_prob", config.hiddenDropoutProb());
        n.put("hidden_size", config.hiddenSize());
        if (!labels.isEmpty()) {
            ObjectNode id2label = n.putObject("id2label");
            ObjectNode label2id = n.putObject("label2id");
            for (int i = 0; i < labels.size(); i++) {
                id2label.put(Integer.toString(i), labels.get(i));
                label2id.put(labels.get(i), i);
            }
        }
        n.put("initializer_range", config.initializerRange());
        n.put("intermediate_size", config.intermediateSize());
        n.put("layer_norm_eps", SUPPORTED_LAYER_NORM_EPS);
        n.put("max_position_embeddings", config.maxPositionEmbeddings());
        n.put("model_type", "bert");
        n.put("num_attention_heads", config.numAttentionHeads());
        n.put("num_hidden_layers", config.numHiddenLayers());
        n.put("pad_token_id", 0);
        n.put("position_embedding_type", "absolute");
        n.put("type_vocab_size", config.typeVocabSize());
        n.put("vocab_size", config.vocabSize());
        return n.toPrettyString() + "\n";
    }

    /** transformers' name for a workbench activation. */
    public static String hfActivation(String workbenchAct) {
        return switch (workbenchAct) {
            case BertConfig.GELU_TANH -> "gelu_new";
            case BertConfig.GELU_ERF -> "gelu";
            default -> throw new IllegalArgumentException("no transformers name for hidden_act " + workbenchAct);
        };
    }

    /** The labels of {@code architectures}' head kind, if one of the two the workbench fine-tunes. */
    public Optional<String> classificationArchitecture() {
        return architectures.stream().filter(a -> a.equals("BertForSequenceClassification")
                || a.equals("BertForTokenClassification")).findFirst();
    }
}
