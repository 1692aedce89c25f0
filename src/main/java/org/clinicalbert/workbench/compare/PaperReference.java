package org.clinicalbert.workbench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The study's published Table 2 (resource {@code compare/paper-table2.json}, with its citation), as fractions
 * so they sit beside the workbench's own scores. Only values checked against the paper are in the file.
 */
public final class PaperReference {

    public static final String RESOURCE = "/compare/paper-table2.json";

    private final String citation;
    private final Map<String, String> metrics;
    private final Map<String, Map<String, Double>> rows;

    private PaperReference(String citation, Map<String, String> metrics, Map<String, Map<String, Double>> rows) {
        this.citation = citation;
        this.metrics = Collections.unmodifiableMap(metrics);
        this.rows = Collections.unmodifiableMap(rows);
    }

    public static PaperReference load() {
        try (InputStream in = PaperReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            JsonNode root = Json.MAPPER.readTree(in);
            Map<String, String> metrics = new LinkedHashMap<>();
            root.get("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asText()));
            Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("rows").fields(); it.hasNext(); ) {
                var row = it.next();
                Map<String, Double> cells = new LinkedHashMap<>();
                // published as percentages; the workbench reports fractions
                row.getValue().fields().forEachRemaining(c -> cells.put(c.getKey(), c.getValue().asDouble() / 100.0));
                rows.put(row.getKey(), Collections.unmodifiableMap(cells));
            }
            return new PaperReference(root.get("citation").asText(), metrics, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public String citation() {
        return citation;
    }

    /** The paper's tasks, in its column order. */
    public List<String> tasks() {
        return new ArrayList<>(metrics.keySet());
    }

    public String metric(String task) {
        return metrics.get(task);
    }

    /** The paper's row names, in its order. */
    public List<String> rowNames() {
        return new ArrayList<>(rows.keySet());
    }

    /** The published value as a fraction, or null when the paper has no such row or task. */
    public Double value(String paperName, String task) {
        Map<String, Double> r = rows.get(paperName);
        return r == null ? null : r.get(task);
    }

    /** Per task, the paper's best value (the published table marks these). */
    public Double best(String task) {
        return rows.values().stream().map(r -> r.get(task)).filter(v -> v != null).max(Double::compare).orElse(null);
    }
}
