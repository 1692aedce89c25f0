package org.clinicalbert.workbench.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One sweep's page: its candidates from sweep.csv (the sweep's own table, one row per candidate) as a table sorted by
 * a click on any column, the best candidate's row marked, each candidate linked to its folder.
 */
final class SweepPage {

    /** Columns of sweep.csv that are bookkeeping, not results. */
    private static final Set<String> HIDDEN = Set.of("run_dir", "reused");

    private SweepPage() {
    }

    static String html(Path page, Path sweepDir, String state) throws IOException {
        StringBuilder b = new StringBuilder("<p>state <b>").append(Html.esc(state)).append("</b> · ")
                .append(Html.link(page, sweepDir, "sweep folder"));
        b.append(Html.fileLinks(page, sweepDir, List.of("sweep.md", "sweep.json", "sweep.csv", "sweep.png")))
                .append("</p>\n");
        Path csv = sweepDir.resolve("sweep.csv");
        if (!Files.isRegularFile(csv)) {
            b.append("<p class=\"muted\">no candidate has finished yet</p>");
            return Html.page("Sweep " + sweepDir.getFileName(), b.toString());
        }
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            List<String> columns = p.getHeaderNames().stream().filter(c -> !HIDDEN.contains(c)).toList();
            b.append("<p>Click a column to sort; the best candidate by the sweep's score is marked.</p>\n")
                    .append("<table class=\"sortable candidates\">").append(Html.head(columns)).append("<tbody>");
            for (CSVRecord rec : p) {
                boolean best = "true".equals(rec.get("best"));
                b.append(best ? "<tr class=\"best\">" : "<tr>");
                for (String c : columns) {
                    String v = rec.get(c);
                    if (c.equals("candidate")) {
                        b.append("<td data-v=\"").append(Html.esc(v)).append("\">")
                                .append(Html.link(page, sweepDir.resolve("candidate-" + v), v)).append("</td>");
                    } else if (c.equals("best")) {
                        b.append(Html.cell(best ? "★ best" : ""));
                    } else {
                        b.append(numeric(v) ? Html.numCell(v) : Html.cell(v));
                    }
                }
                b.append("</tr>");
            }
            b.append("</tbody></table>\n");
        }
        return Html.page("Sweep " + sweepDir.getFileName(), b.toString());
    }

    static boolean numeric(String v) {
        if (v == null || v.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
