package org.clinicalbert.workbench.compare;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.clinicalbert.workbench.compare.CompareFormat.row;

/** compare.md: the results table (best per column in bold), the paper's values if asked, per-entity-type F1. */
final class CompareMarkdown {

    private CompareMarkdown() {
    }

    static String render(ComparisonTable table, PaperReference paper) {
        StringBuilder sb = new StringBuilder("# Comparison of initialisations (").append(table.split())
                .append(" split)\n\n");
        List<String> header = new ArrayList<>(List.of("Initialisation"));
        table.tasks().forEach(t -> header.add(CompareFormat.taskName(t) + " " + table.metrics().get(t)));
        if (paper != null) {
            paper.tasks().forEach(t -> header.add("paper " + CompareFormat.taskName(t) + " " + paper.metric(t)));
        }
        row(sb, header);
        List<String> rule = new ArrayList<>(List.of("---"));
        for (int i = 1; i < header.size(); i++) {
            rule.add("---:");
        }
        row(sb, rule);
        Set<String> labels = new HashSet<>();
        for (ComparisonTable.Row r : table.rows()) {
            labels.add(r.label());
            List<String> cells = new ArrayList<>(List.of(r.displayLabel()));
            for (String t : table.tasks()) {
                Cell c = r.cells().get(t);
                String text = c == null ? CompareFormat.MISSING : CompareFormat.cell(c);
                cells.add(c != null && table.isBest(t, r) ? "**" + text + "**" : text);
            }
            if (paper != null) {
                cells.addAll(paperCells(paper, r.label()));
            }
            row(sb, cells);
        }
        if (paper != null) {
            // the paper's rows this comparison has no runs for, so the reference block is complete
            for (String name : paper.rowNames()) {
                if (!labels.contains(name)) {
                    List<String> cells = new ArrayList<>(List.of(name));
                    table.tasks().forEach(t -> cells.add(CompareFormat.MISSING));
                    cells.addAll(paperCells(paper, name));
                    row(sb, cells);
                }
            }
        }
        sb.append("\nScores in percent. **Bold**: best per column. `a ± b`: mean ± sample standard deviation "
                + "over cross-validation folds or over runs (seeds). ").append(CompareFormat.MISSING)
                .append(": no finished run.\n");
        if (!table.notes().isEmpty()) {
            sb.append("\nNotes:\n\n");
            table.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        if (paper != null) {
            sb.append("\nPaper columns (test set, bold = best published): ").append(paper.citation()).append('\n');
        }
        entityTypes(sb, table);
        runFolders(sb, table);
        return sb.toString();
    }

    /** Where each cell comes from: its configuration and run folder(s). */
    private static void runFolders(StringBuilder sb, ComparisonTable table) {
        sb.append("\n## Run folders\n\n");
        row(sb, List.of("Initialisation", "Task", "Configuration", "Run folder(s)"));
        row(sb, List.of("---", "---", "---", "---"));
        for (ComparisonTable.Row r : table.rows()) {
            for (String t : table.tasks()) {
                Cell c = r.cells().get(t);
                if (c != null) {
                    row(sb, List.of(r.displayLabel(), CompareFormat.taskName(t), String.valueOf(c.configuration()),
                            String.join("<br>", c.runs().stream().map(p -> "`" + p + "`").toList())));
                }
            }
        }
    }

    private static List<String> paperCells(PaperReference paper, String label) {
        List<String> out = new ArrayList<>();
        for (String t : paper.tasks()) {
            Double v = paper.value(label, t);
            String text = v == null ? CompareFormat.MISSING : CompareFormat.percent(v);
            out.add(v != null && v.equals(paper.best(t)) ? "**" + text + "**" : text);
        }
        return out;
    }

    private static void entityTypes(StringBuilder sb, ComparisonTable table) {
        for (var e : table.entityTypes().entrySet()) {
            String task = e.getKey();
            List<String> types = CompareCsv.types(e.getValue());
            sb.append("\n## ").append(CompareFormat.taskName(task)).append(": F1 per entity type\n\n");
            List<String> header = new ArrayList<>(List.of("Initialisation"));
            header.addAll(types);
            row(sb, header);
            List<String> rule = new ArrayList<>(List.of("---"));
            types.forEach(t -> rule.add("---:"));
            row(sb, rule);
            for (ComparisonTable.Row r : table.rows()) {
                Map<String, Double> byType = e.getValue().get(r.key());
                if (byType == null) {
                    continue;
                }
                List<String> cells = new ArrayList<>(List.of(r.displayLabel()));
                types.forEach(t -> cells.add(byType.containsKey(t) ? CompareFormat.percent(byType.get(t)) : CompareFormat.MISSING));
                row(sb, cells);
            }
        }
    }
}
