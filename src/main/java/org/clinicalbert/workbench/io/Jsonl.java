package org.clinicalbert.workbench.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.Json;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** One JSON object per line. */
public final class Jsonl {

    private static final ObjectMapper JSON = Json.MAPPER;

    private Jsonl() {
    }

    public static String of(List<Map<String, Object>> records) {
        StringBuilder sb = new StringBuilder();
        try {
            for (Map<String, Object> r : records) {
                sb.append(JSON.writeValueAsString(r)).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
