package org.clinicalbert.tools.tfckpt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the tensors JSON: {"tensors": [{"name", "dtype", "shape", "values"}]}.
 * Decimal values are read as BigDecimal and rounded once to float32 (never via double),
 * so every reader of the same JSON gets bit-identical floats.
 */
final class TensorsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private TensorsJson() {
    }

    static List<NamedTensor> read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        JsonNode arr = root.get("tensors");
        if (arr == null || !arr.isArray()) {
            throw new IOException(file + ": no \"tensors\" array");
        }
        List<NamedTensor> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            JsonNode t = arr.get(i);
            String where = file + " (tensors[" + i + "])";
            String name = require(t, "name", where).asText();
            String dtype = require(t, "dtype", where).asText();
            JsonNode shapeNode = require(t, "shape", where);
            long[] shape = new long[shapeNode.size()];
            long count = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = shapeNode.get(d).asLong();
                count *= shape[d];
            }
            JsonNode values = require(t, "values", where);
            if (values.size() != count) {
                throw new IOException(where + " " + name + ": " + values.size() + " values for shape of " + count);
            }
            switch (dtype) {
                case "float32" -> {
                    float[] v = new float[values.size()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = values.get(k).decimalValue().floatValue();
                    }
                    out.add(NamedTensor.ofFloats(name, shape, v));
                }
                case "int64" -> {
                    long[] v = new long[values.size()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = values.get(k).longValue();
                    }
                    out.add(NamedTensor.ofLongs(name, shape, v));
                }
                case "string" -> {
                    String[] v = new String[values.size()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = values.get(k).asText();
                    }
                    out.add(NamedTensor.ofStrings(name, shape, v));
                }
                default -> throw new IOException(where + " " + name + ": unsupported dtype " + dtype);
            }
        }
        return out;
    }

    private static JsonNode require(JsonNode t, String field, String where) throws IOException {
        JsonNode n = t.get(field);
        if (n == null) {
            throw new IOException(where + ": missing \"" + field + "\"");
        }
        return n;
    }

    static void write(Path file, List<NamedTensor> tensors) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("tensors");
        for (NamedTensor t : tensors) {
            ObjectNode o = arr.addObject();
            o.put("name", t.name());
            o.put("dtype", t.dtype());
            ArrayNode s = o.putArray("shape");
            for (long d : t.shape()) {
                s.add(d);
            }
            ArrayNode v = o.putArray("values");
            if (t.isFloat()) {
                // Float.toString is the shortest decimal that rounds back to the same float32
                for (float f : t.floats()) {
                    v.add(new java.math.BigDecimal(Float.toString(f)));
                }
            } else if (t.isString()) {
                for (String str : t.strings()) {
                    v.add(str);
                }
            } else {
                for (long l : t.longs()) {
                    v.add(l);
                }
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
