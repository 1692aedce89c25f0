package org.clinicalbert.workbench.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors JSON that tools/tf-checkpoint-writer gave to real TensorFlow: the independent reference the reader's
 * output is compared with. Decimals are rounded once to float32 via BigDecimal, exactly as the writer did.
 */
final class ReferenceTensors {

    record Tensor(String name, String dtype, long[] shape, float[] floats, long[] longs) {
    }

    private ReferenceTensors() {
    }

    static Path resource(String relative) {
        try {
            return Path.of(ReferenceTensors.class.getResource("/checkpoint/" + relative).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Tensor> load(Path json) throws IOException {
        JsonNode root = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(json.toFile());
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (JsonNode t : root.get("tensors")) {
            JsonNode s = t.get("shape");
            long[] shape = new long[s.size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = s.get(d).asLong();
            }
            JsonNode v = t.get("values");
            String dtype = t.get("dtype").asText();
            float[] floats = null;
            long[] longs = null;
            if (dtype.equals("float32")) {
                floats = new float[v.size()];
                for (int k = 0; k < floats.length; k++) {
                    floats[k] = v.get(k).decimalValue().floatValue();
                }
            } else if (dtype.equals("int64")) {
                longs = new long[v.size()];
                for (int k = 0; k < longs.length; k++) {
                    longs[k] = v.get(k).longValue();
                }
            }
            out.put(t.get("name").asText(), new Tensor(t.get("name").asText(), dtype, shape, floats, longs));
        }
        return out;
    }
}
