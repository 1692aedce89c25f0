package org.clinicalbert.workbench.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.Json;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** compare.json: the whole table as data (fractions; std null where there is none). */
final class CompareJson {

    private static final ObjectMapper JSON = Json.PRETTY;

    private CompareJson() {
    }

    static byte[] render(ComparisonTable table, PaperReference paper) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("split", table.split());
        List<Object> tasks = new ArrayList<>();
        table.tasks().forEach(t -> tasks.add(Map.of("task", t, "metric", table.metrics().get(t))));
        root.put("tasks", tasks);
        List<Object> rows = new ArrayList<>();
        for (ComparisonTable.Row r : table.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("initialisation", r.key());
            row.put("label", r.label());
            row.put("configuration", r.variant());
            Map<String, Object> cells = new LinkedHashMap<>();
            r.cells().forEach((t, c) -> {
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("mean", c.mean());
                cell.put("std", c.hasStd() ? c.std() : null);
                cell.put("n", c.n());
                cell.put("basis", c.basis().name().toLowerCase(java.util.Locale.ROOT));
                cell.put("best", table.isBest(t, r));
                cell.put("configuration", c.configuration());
                cell.put("runs", c.runs().stream().map(Object::toString).toList());
                cells.put(t, cell);
            });
            row.put("cells", cells);
            if (paper != null) {
                Map<String, Object> published = new LinkedHashMap<>();
                paper.tasks().forEach(t -> published.put(t, paper.value(r.label(), t)));
                row.put("paper", published);
            }
            rows.add(row);
        }
        root.put("rows", rows);
        root.put("entity_type_f1", table.entityTypes());
        root.put("notes", table.notes());
        if (paper != null) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("citation", paper.citation());
            Map<String, Object> values = new LinkedHashMap<>();
            for (String name : paper.rowNames()) {
                Map<String, Object> v = new LinkedHashMap<>();
                paper.tasks().forEach(t -> v.put(t, paper.value(name, t)));
                values.put(name, v);
            }
            ref.put("rows", values);
            root.put("paper", ref);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
