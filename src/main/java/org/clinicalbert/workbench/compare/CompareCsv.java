package org.clinicalbert.workbench.compare;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** compare.csv (one line per row and task, raw fractions) and compare-entity-types.csv. */
final class CompareCsv {

    private CompareCsv() {
    }

    static String table(ComparisonTable table, PaperReference paper) {
        List<String> header = new ArrayList<>(List.of("initialisation", "label", "task", "metric", "split", "mean",
                "std", "n", "basis", "best"));
        if (paper != null) {
            header.add("paper_value");
        }
        header.add("configuration");
        header.add("runs");
        return print(header, p -> {
            for (ComparisonTable.Row r : table.rows()) {
                for (String t : table.tasks()) {
                    Cell c = r.cells().get(t);
                    List<Object> rec = new ArrayList<>(List.of(r.key(), r.displayLabel(), t, table.metrics().get(t),
                            table.split()));
                    if (c == null) {
                        rec.addAll(List.of("", "", "", "", ""));
                    } else {
                        rec.add(c.mean());
                        rec.add(c.hasStd() ? c.std() : "");
                        rec.add(c.n());
                        rec.add(c.basis().name().toLowerCase(java.util.Locale.ROOT));
                        rec.add(table.isBest(t, r));
                    }
                    if (paper != null) {
                        Double v = paper.value(r.label(), t);
                        rec.add(v == null ? "" : v);
                    }
                    rec.add(c == null ? "" : c.configuration());
                    rec.add(c == null ? "" : String.join(";", c.runs().stream().map(Object::toString).toList()));
                    p.printRecord(rec);
                }
            }
        });
    }

    static String entityTypes(ComparisonTable table) {
        return print(List.of("task", "initialisation", "label", "entity_type", "f1"), p -> {
            for (var e : table.entityTypes().entrySet()) {
                for (ComparisonTable.Row r : table.rows()) {
                    Map<String, Double> byType = e.getValue().get(r.key());
                    if (byType != null) {
                        for (var t : byType.entrySet()) {
                            p.printRecord(e.getKey(), r.key(), r.displayLabel(), t.getKey(), t.getValue());
                        }
                    }
                }
            }
        });
    }

    /** Every entity type any row reports for the task, sorted. */
    static List<String> types(Map<String, Map<String, Double>> byRow) {
        TreeSet<String> types = new TreeSet<>();
        byRow.values().forEach(m -> types.addAll(m.keySet()));
        return new ArrayList<>(types);
    }

    private interface Body {
        void write(CSVPrinter p) throws IOException;
    }

    private static String print(List<String> header, Body body) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).build())) {
            body.write(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
