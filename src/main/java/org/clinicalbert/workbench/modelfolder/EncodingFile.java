package org.clinicalbert.workbench.modelfolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.model.BertConfig;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a {@link TextEncoding} as JSON (atomically): the model it came from, the inputs, the tokens and ids,
 * {@code sequence_output} as T rows of H numbers and {@code pooled_output} as H numbers.
 */
public final class EncodingFile {

    private static final ObjectMapper JSON = Json.MAPPER;

    private EncodingFile() {
    }

    public static void write(Path out, TextEncoder encoder, String textA, String textB, TextEncoding e)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ModelFolder folder = encoder.folder();
        root.put("model_dir", folder.dir().toAbsolutePath().normalize().toString());
        BertConfig c = folder.config();
        ObjectNode config = root.putObject("config");
        config.put("hidden_size", c.hiddenSize());
        config.put("num_hidden_layers", c.numHiddenLayers());
        config.put("num_attention_heads", c.numAttentionHeads());
        config.put("intermediate_size", c.intermediateSize());
        config.put("vocab_size", c.vocabSize());
        config.put("max_position_embeddings", c.maxPositionEmbeddings());
        root.put("do_lower_case", folder.doLowerCase());
        root.put("max_seq_length", encoder.maxSeqLength());
        root.put("text_a", textA);
        if (textB == null) {
            root.putNull("text_b");
        } else {
            root.put("text_b", textB);
        }
        root.put("truncated", e.truncated());
        ArrayNode tokens = root.putArray("tokens");
        e.tokens().forEach(tokens::add);
        ArrayNode ids = root.putArray("input_ids");
        for (int id : e.inputIds()) {
            ids.add(id);
        }
        ArrayNode segments = root.putArray("segment_ids");
        for (int s : e.segmentIds()) {
            segments.add(s);
        }
        ArrayNode sequence = root.putArray("sequence_output");
        for (float[] row : e.sequenceOutput()) {
            floats(sequence.addArray(), row);
        }
        floats(root.putArray("pooled_output"), e.pooledOutput());
        byte[] bytes = JSON.writeValueAsBytes(root);
        AtomicFiles.writeBytes(out, bytes);
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float v : values) {
            array.add(v);
        }
    }
}
