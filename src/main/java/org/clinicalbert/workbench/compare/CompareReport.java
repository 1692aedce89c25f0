package org.clinicalbert.workbench.compare;

import org.clinicalbert.workbench.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Writes a comparison's files into one folder, each atomically. */
public final class CompareReport {

    public static final String MARKDOWN = "compare.md";
    public static final String CSV = "compare.csv";
    public static final String JSON = "compare.json";
    public static final String PNG = "compare.png";
    public static final String ENTITY_TYPES_CSV = "compare-entity-types.csv";

    private CompareReport() {
    }

    /**
     * @param paper the published values to show beside the table, or null
     * @return the files written
     */
    public static List<Path> write(Path outDir, ComparisonTable table, PaperReference paper) throws IOException {
        Path md = outDir.resolve(MARKDOWN);
        Path csv = outDir.resolve(CSV);
        Path json = outDir.resolve(JSON);
        Path png = outDir.resolve(PNG);
        Path types = outDir.resolve(ENTITY_TYPES_CSV);
        AtomicFiles.writeString(md, CompareMarkdown.render(table, paper));
        AtomicFiles.writeString(csv, CompareCsv.table(table, paper));
        AtomicFiles.writeBytes(json, CompareJson.render(table, paper));
        AtomicFiles.writeBytes(png, CompareChart.png(table));
        if (table.entityTypes().isEmpty()) {
            return List.of(md, csv, json, png);
        }
        AtomicFiles.writeBytes(types, CompareCsv.entityTypes(table).getBytes(StandardCharsets.UTF_8));
        return List.of(md, csv, json, png, types);
    }
}
