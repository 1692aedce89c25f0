package org.clinicalbert.workbench.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.clinicalbert.workbench.runs.RunMetrics;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** One run's page: its scores, links to its files, learning curves per (sub-)run, and its resolved config. */
final class RunPage {

    private RunPage() {
    }

    static String html(Path page, RunEntry run) throws IOException {
        StringBuilder b = new StringBuilder();
        Path dir = run.dir();
        b.append("<p>task <b>").append(Html.esc(run.task())).append("</b>, initialisation <b>")
                .append(Html.esc(run.initialisation())).append("</b>, state <b class=\"state\">")
                .append(Html.esc(run.folder().shown().id())).append("</b></p>\n<p>");
        b.append(Html.link(page, dir, "run folder")).append(Html.fileLinks(page, dir, List.of("metrics.json",
                "config.yaml", "report.md", "status.json", "model/provenance.json", "learning-curve.png")))
                .append("</p>\n");
        if (run.metrics() != null) {
            b.append(scores(run.metrics()));
        }
        if (run.unreadableMetrics() != null) {
            b.append("<p class=\"state\">metrics unreadable: ").append(Html.esc(run.unreadableMetrics()))
                    .append("</p>\n");
        }
        b.append("<h2>Learning curves</h2>\n");
        for (Path sub : subRuns(dir)) {
            String name = sub.equals(dir) ? "" : sub.getFileName() + ": ";
            Path steps = sub.resolve("steps.csv");
            Path epochs = sub.resolve("epochs.csv");
            if (Files.isRegularFile(steps)) {
                b.append(LineChart.svg(name + "training loss", "step", column(steps, "loss")));
            }
            if (Files.isRegularFile(epochs)) {
                b.append(LineChart.svg(name + "dev " + run.scoreName(), "step", column(epochs, "score")));
            }
            if (Files.isDirectory(sub.resolve("tensorboard"))) {
                b.append("<p>").append(Html.link(page, sub.resolve("tensorboard"), name + "TensorBoard event files"))
                        .append("</p>");
            }
        }
        if (run.configYaml() != null) {
            b.append("<h2>Configuration</h2>\n<pre class=\"config\">").append(Html.esc(run.configYaml()))
                    .append("</pre>\n");
        }
        return Html.page("Run " + dir.getFileName() + " (" + dir.getParent().getFileName() + ")", b.toString());
    }

    /** Metric by split, then per entity type F1 where the task has types. */
    private static String scores(RunMetrics m) {
        StringBuilder b = new StringBuilder("<h2>Scores</h2>\n<table class=\"scores\">")
                .append(Html.head(List.of("metric", "dev", "test"))).append("<tbody>");
        Set<String> names = new LinkedHashSet<>(m.scores("dev").keySet());
        if (m.has("test")) {
            names.addAll(m.scores("test").keySet());
        }
        for (String n : names) {
            b.append("<tr>").append(Html.cell(n)).append(Html.numCell(m.scores("dev").get(n)))
                    .append(Html.numCell(m.has("test") ? m.scores("test").get(n) : null)).append("</tr>");
        }
        b.append("</tbody></table>\n");
        Map<String, Double> types = m.entityTypeF1(m.has("test") ? "test" : "dev");
        if (!types.isEmpty()) {
            b.append("<table class=\"types\">").append(Html.head(List.of("entity type", (m.has("test") ? "test" : "dev")
                    + " F1"))).append("<tbody>");
            types.forEach((t, v) -> b.append("<tr>").append(Html.cell(t)).append(Html.numCell(v)).append("</tr>"));
            b.append("</tbody></table>\n");
        }
        return b.toString();
    }

    /** The run itself, or its fold folders for cross-validation. */
    private static List<Path> subRuns(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve("steps.csv"))) {
            out.add(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("fold-\\d+") && Files.isDirectory(p))
                    .sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                            .substring(5))))
                    .forEach(out::add);
        }
        return out;
    }

    /** (step, value) of one column of steps.csv or epochs.csv; rows cut short by a kill are skipped. */
    static List<LineChart.Point> column(Path csv, String name) throws IOException {
        List<LineChart.Point> points = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            if (!p.getHeaderMap().containsKey(name)) {
                return points;
            }
            for (CSVRecord rec : p) {
                if (rec.isConsistent()) {
                    try {
                        points.add(new LineChart.Point(Double.parseDouble(rec.get("step")),
                                Double.parseDouble(rec.get(name))));
                    } catch (NumberFormatException e) {
                        // a row cut short by a killed run: the next resume rewrites it
                    }
                }
            }
        }
        return points;
    }
}
