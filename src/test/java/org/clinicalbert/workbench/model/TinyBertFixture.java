package org.clinicalbert.workbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The committed tiny-BERT fixture (tools/tiny-bert/make_tiny_bert.py): config, weights.json, golden.json. */
final class TinyBertFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIR = resourceDir();

    private TinyBertFixture() {
    }

    static BertConfig config() {
        return BertConfig.load(DIR.resolve("bert_config.json"));
    }

    /**
     * The model variables of the checkpoint real TensorFlow wrote from weights.json
     * (tools/tf-checkpoint-writer, with adam slots and global_step added), read by our reader.
     */
    static Map<String, INDArray> weights() {
        try {
            return org.clinicalbert.workbench.checkpoint.TfCheckpointReader.openFolder(DIR).readAllVariables();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** weights.json itself: what the torch reference used (float32, or int64 global_step). */
    static Map<String, INDArray> weightsJson() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (JsonNode t : read("weights.json").get("tensors")) {
            long[] shape = longs(t.get("shape"));
            JsonNode values = t.get("values");
            INDArray arr;
            if (t.get("dtype").asText().equals("int64")) {
                long[] v = new long[values.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = values.get(i).asLong();
                }
                arr = shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.createFromArray(v).reshape(shape);
            } else {
                arr = array(values, shape);
            }
            out.put(t.get("name").asText(), arr);
        }
        return out;
    }

    static JsonNode golden() {
        return read("golden.json");
    }

    /** A golden {"shape", "values"} entry as a float array. */
    static INDArray tensor(JsonNode entry) {
        return array(entry.get("values"), longs(entry.get("shape")));
    }

    /** A nested JSON list of numbers as an array of the given type. */
    static INDArray matrix(JsonNode rows, DataType type) {
        int r = rows.size();
        int c = rows.get(0).isArray() ? rows.get(0).size() : 0;
        if (c == 0) {
            double[] v = new double[r];
            for (int i = 0; i < r; i++) {
                v[i] = rows.get(i).asDouble();
            }
            return Nd4j.createFromArray(v).castTo(type);
        }
        double[][] v = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                v[i][j] = rows.get(i).get(j).asDouble();
            }
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    private static INDArray array(JsonNode values, long[] shape) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values.get(i).asDouble();
        }
        return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, shape, 'c');
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    private static JsonNode read(String name) {
        try {
            return JSON.readTree(DIR.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resourceDir() {
        try {
            return Path.of(TinyBertFixture.class.getResource("/tiny-bert/bert_config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
