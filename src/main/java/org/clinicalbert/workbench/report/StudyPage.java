package org.clinicalbert.workbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One study's page from its study.json: per task and initialisation the configuration selected on dev, Table 2 (mean
 * ± std, the 95% bootstrap interval, the paper's value where the study was run with --paper), and links to the grid,
 * every final run folder and its provenance.json.
 */
final class StudyPage {

    private StudyPage() {
    }

    static String html(Path page, Path studyDir, String state) throws IOException {
        StringBuilder b = new StringBuilder("<p>state <b>").append(Html.esc(state)).append("</b> · ")
                .append(Html.link(page, studyDir, "study folder"));
        b.append(Html.fileLinks(page, studyDir, List.of("study.md", "study.json", "study.csv", "selection.md",
                "selection.json"))).append("</p>\n");
        Path json = studyDir.resolve("study.json");
        if (!Files.isRegularFile(json)) {
            b.append("<p class=\"muted\">no Table 2 yet: the study has not reached its compare phase</p>");
            return Html.page("Study " + studyDir.getFileName(), b.toString());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json.toFile());
        } catch (IOException e) {
            throw new InputFormatException(json, null, "not JSON: " + e.getMessage());
        }
        boolean paper = root.path("cells").findValues("paper").stream().anyMatch(v -> !v.isNull());
        b.append("<h2>Table 2</h2>\n<table class=\"sortable table2\">");
        List<String> columns = new java.util.ArrayList<>(List.of("task", "initialisation", "metric", "mean", "std",
                "95% CI", "n"));
        if (paper) {
            columns.add("paper");
        }
        columns.addAll(List.of("selected by", "selected configuration", "dev score", "grid", "final runs"));
        b.append(Html.head(columns)).append("<tbody>");
        for (JsonNode c : root.path("cells")) {
            b.append("<tr>").append(Html.cell(c.path("task").asText())).append(Html.cell(c.path("label").asText()))
                    .append(Html.cell(c.path("metric").asText())).append(Html.numCell(num(c, "mean")))
                    .append(Html.numCell(num(c, "std")))
                    .append(Html.cell("[" + Html.number(num(c, "ci_lower")) + ", " + Html.number(num(c, "ci_upper"))
                            + "]"))
                    .append(Html.numCell((double) c.path("n").asInt()));
            if (paper) {
                b.append(Html.numCell(num(c, "paper")));
            }
            b.append(Html.cell(c.path("selected_by").asText()))
                    .append(Html.cell(c.path("selected_parameters").toString()))
                    .append(Html.numCell(num(c, "selected_dev_score")))
                    .append("<td>").append(Html.link(page, resolve(studyDir, c.path("grid_dir").asText()), "grid"))
                    .append("</td><td>");
            for (JsonNode run : c.path("runs")) {
                b.append(Html.link(page, resolve(studyDir, run.path("run_dir").asText()),
                        "seed " + run.path("seed").asText()));
                for (JsonNode p : run.path("provenance")) {
                    b.append(" (").append(Html.link(page, resolve(studyDir, p.asText()), "provenance.json"))
                            .append(")");
                }
                b.append("<br>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table>\n");
        if (root.path("paired_bootstrap").size() > 0) {
            b.append("<h2>Paired bootstrap</h2>\n<table class=\"sortable pairs\">").append(Html.head(List.of("task",
                    "A", "B", "A − B", "95% CI", "p (A not better)"))).append("<tbody>");
            for (JsonNode p : root.path("paired_bootstrap")) {
                b.append("<tr>").append(Html.cell(p.path("task").asText())).append(Html.cell(p.path("a").asText()))
                        .append(Html.cell(p.path("b").asText())).append(Html.numCell(num(p, "difference")))
                        .append(Html.cell("[" + Html.number(num(p, "ci_lower")) + ", "
                                + Html.number(num(p, "ci_upper")) + "]"))
                        .append(Html.numCell(num(p, "p_a_not_better"))).append("</tr>");
            }
            b.append("</tbody></table>\n");
        }
        return Html.page("Study " + studyDir.getFileName(), b.toString());
    }

    private static Double num(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    /**
     * A path the study recorded: absolute, or relative to the working folder it ran in; when that folder is not this
     * one, the same path under the study folder's parents is tried.
     */
    static Path resolve(Path studyDir, String recorded) {
        Path p = Path.of(recorded);
        if (p.isAbsolute() || Files.exists(p)) {
            return p;
        }
        for (Path base = studyDir.toAbsolutePath(); base != null; base = base.getParent()) {
            if (Files.exists(base.resolve(p))) {
                return base.resolve(p);
            }
        }
        return p;
    }
}
