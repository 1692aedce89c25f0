package org.clinicalbert.workbench.modelfolder;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.model.BertConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a model folder's config describes its weights. A config that disagrees (an edited size, a config copied
 * from another model) would otherwise surface as a page of mis-shaped and missing variables from the graph loader;
 * here the first disagreement is one line naming the config file and its key, checked on the weights' shapes in
 * the order a reader fixes them: vocabulary and hidden size, positions, token types, layers, feed-forward size.
 */
final class ConfigAgreement {

    private static final Pattern LAYER = Pattern.compile("bert/encoder/layer_(\\d+)/.*");

    private ConfigAgreement() {
    }

    static void check(Path configFile, BertConfig config, Map<String, INDArray> tensors, Path weights) {
        long[] words = shape(tensors, "bert/embeddings/word_embeddings");
        if (words != null && words.length == 2) {
            agree(configFile, "hidden_size", config.hiddenSize(), words[1], "bert/embeddings/word_embeddings", words,
                    weights);
            agree(configFile, "vocab_size", config.vocabSize(), words[0], "bert/embeddings/word_embeddings", words,
                    weights);
        }
        long[] positions = shape(tensors, "bert/embeddings/position_embeddings");
        if (positions != null && positions.length == 2) {
            agree(configFile, "max_position_embeddings", config.maxPositionEmbeddings(), positions[0],
                    "bert/embeddings/position_embeddings", positions, weights);
        }
        long[] types = shape(tensors, "bert/embeddings/token_type_embeddings");
        if (types != null && types.length == 2) {
            agree(configFile, "type_vocab_size", config.typeVocabSize(), types[0],
                    "bert/embeddings/token_type_embeddings", types, weights);
        }
        int layers = 0;
        for (String name : tensors.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.matches()) {
                layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
            }
        }
        if (layers > 0 && layers != config.numHiddenLayers()) {
            throw new InputFormatException(configFile, "key num_hidden_layers", "says " + config.numHiddenLayers()
                    + ", but the weights (" + weights + ") have " + layers + " encoder layers");
        }
        String intermediate = "bert/encoder/layer_0/intermediate/dense/kernel";
        long[] ff = shape(tensors, intermediate);
        if (ff != null && ff.length == 2) {
            agree(configFile, "intermediate_size", config.intermediateSize(), ff[1], intermediate, ff, weights);
        }
    }

    private static long[] shape(Map<String, INDArray> tensors, String name) {
        INDArray t = tensors.get(name);
        return t == null ? null : t.shape();
    }

    private static void agree(Path configFile, String key, long configured, long inWeights, String variable,
                              long[] shape, Path weights) {
        if (configured != inWeights) {
            throw new InputFormatException(configFile, "key " + key, "says " + configured + ", but the weights' "
                    + variable + " is " + Arrays.toString(shape) + " (" + key + " " + inWeights + ", in " + weights
                    + ")");
        }
    }
}
