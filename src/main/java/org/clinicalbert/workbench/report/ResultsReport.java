package org.clinicalbert.workbench.report;

import org.clinicalbert.workbench.runs.FolderStatus;
import org.clinicalbert.workbench.runs.StatusText;
import org.clinicalbert.workbench.compare.Cell;
import org.clinicalbert.workbench.compare.ComparisonBuilder;
import org.clinicalbert.workbench.compare.ComparisonTable;
import org.clinicalbert.workbench.compare.MetricChoice;
import org.clinicalbert.workbench.compare.RunResult;
import org.clinicalbert.workbench.compare.RunScanner;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the report of a results folder: {@code index.html} and one page per run, sweep and study below
 * {@code pages/}, the folder replaced whole at the end ({@link ReportFolder}).
 */
public final class ResultsReport {

    /** What was written. */
    public record Summary(Path index, int runs, int sweeps, int studies) {
    }

    private ResultsReport() {
    }

    public static Summary write(Path resultsDir, Path outDir) throws IOException {
        if (!Files.isDirectory(resultsDir)) {
            throw new InputFormatException(resultsDir, null, Files.exists(resultsDir)
                    ? "is a file, a results folder is needed" : "no such results folder");
        }
        try (ReportFolder folder = ReportFolder.open(outDir, resultsDir)) {
            Summary summary = write(resultsDir, folder);
            folder.commit();
            return summary;
        }
    }

    private static Summary write(Path resultsDir, ReportFolder folder) throws IOException {
        Instant now = Instant.now();
        Path index = folder.path("index.html");
        List<RunEntry> runs = new ArrayList<>();
        List<String[]> sweeps = new ArrayList<>();
        List<String[]> studies = new ArrayList<>();
        StringBuilder runRows = new StringBuilder();
        StringBuilder sweepRows = new StringBuilder();
        StringBuilder studyRows = new StringBuilder();
        for (FolderStatus f : FolderStatus.scan(resultsDir)) {
            String name = name(resultsDir, f.dir());
            Path page = folder.path("pages").resolve(f.kind() + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_")
                    + ".html");
            String age = StatusText.age(f.status().updated(), now);
            switch (f.kind()) {
                case "sweep" -> {
                    folder.write(page, SweepPage.html(page, f.dir(), f.shown().id()));
                    sweepRows.append(folderRow(index, page, name, f, age));
                    sweeps.add(new String[]{name});
                }
                case "study" -> {
                    folder.write(page, StudyPage.html(page, f.dir(), f.shown().id()));
                    studyRows.append(folderRow(index, page, name, f, age));
                    studies.add(new String[]{name});
                }
                default -> {
                    RunEntry run = RunEntry.read(f);
                    runs.add(run);
                    folder.write(page, RunPage.html(page, run));
                    runRows.append("<tr>").append("<td>").append(Html.link(index, page, name)).append("</td>")
                            .append(Html.cell(run.task())).append(Html.cell(run.initialisation()))
                            .append("<td class=\"state\">").append(Html.esc(f.shown().id())).append("</td>")
                            .append(Html.cell(run.scoreName()))
                            .append(run.unreadableMetrics() != null ? Html.cell(RunEntry.UNREADABLE)
                                    + Html.cell(RunEntry.UNREADABLE) : Html.numCell(run.score("dev"))
                                    + Html.numCell(run.score("test")))
                            .append(Html.cell(StatusText.progress(f.status().progress())))
                            .append("<td data-v=\"").append(ageSeconds(f, now)).append("\">").append(Html.esc(age))
                            .append("</td></tr>\n");
                }
            }
        }
        StringBuilder b = new StringBuilder("<p>").append(runs.size()).append(" run(s), ").append(sweeps.size())
                .append(" sweep(s), ").append(studies.size()).append(" study(ies) below ")
                .append(Html.link(index, resultsDir, resultsDir.toString()))
                .append(". Training curves of every run: <code>tensorboard --logdir ").append(Html.esc(resultsDir.toString()))
                .append("</code>. Click a column to sort.</p>\n");
        b.append("<h2>Runs</h2>\n<table class=\"sortable runs\">").append(Html.head(List.of("run", "task",
                "initialisation", "state", "metric", "dev", "test", "progress", "age"))).append("<tbody>\n")
                .append(runRows).append("</tbody></table>\n");
        List<String> folderColumns = List.of("folder", "state", "progress", "best so far", "age");
        b.append("<h2>Sweeps</h2>\n<table class=\"sortable sweeps\">").append(Html.head(folderColumns))
                .append("<tbody>\n").append(sweepRows).append("</tbody></table>\n");
        b.append("<h2>Studies</h2>\n<table class=\"sortable studies\">").append(Html.head(folderColumns))
                .append("<tbody>\n").append(studyRows).append("</tbody></table>\n");
        b.append(compare(index, resultsDir));
        folder.write(index, Html.page("Results: " + resultsDir.toAbsolutePath().normalize().getFileName(),
                b.toString()));
        return new Summary(index, runs.size(), sweeps.size(), studies.size());
    }

    private static String folderRow(Path index, Path page, String name, FolderStatus f, String age) {
        return "<tr><td>" + Html.link(index, page, name) + "</td><td class=\"state\">" + Html.esc(f.shown().id())
                + "</td>"
                + Html.cell(StatusText.progress(f.status().progress())) + Html.cell(StatusText.best(f.status().best()))
                + Html.cell(age) + "</tr>\n";
    }

    private static long ageSeconds(FolderStatus f, Instant now) {
        var d = StatusText.since(f.status().updated(), now);
        return d == null ? -1 : d.toSeconds();
    }

    /** compare's table over the finished runs (sweep candidates left out, as compare leaves them). */
    private static String compare(Path index, Path resultsDir) throws IOException {
        StringBuilder b = new StringBuilder("<h2>Compare (test)</h2>\n");
        RunScanner.Found found = RunScanner.find(List.of(resultsDir), "test", false);
        List<RunResult> results = found.runs();
        for (RunScanner.Unreadable u : found.unreadable()) {
            b.append("<p class=\"muted\">unreadable, left out: ").append(Html.esc(u.reason())).append("</p>\n");
        }
        if (results.isEmpty()) {
            return b.append("<p class=\"muted\">no finished runs scored on test</p>\n").toString();
        }
        ComparisonTable t = new ComparisonBuilder(MetricChoice.paperDefaults(), false, Map.of()).build(results, "test");
        List<String> columns = new ArrayList<>(List.of("initialisation"));
        t.tasks().forEach(task -> columns.add(task + " " + t.metrics().get(task)));
        b.append("<p>The newest run per initialisation and task, as <code>workbench compare ")
                .append(Html.esc(resultsDir.toString())).append("</code> prints it; the best per task in bold.</p>\n")
                .append("<table class=\"sortable compare\">").append(Html.head(columns)).append("<tbody>");
        for (ComparisonTable.Row r : t.rows()) {
            b.append("<tr>").append(Html.cell(r.displayLabel()));
            for (String task : t.tasks()) {
                Cell c = r.cells().get(task);
                if (c == null) {
                    b.append("<td></td>");
                    continue;
                }
                String text = Html.number(c.mean()) + (c.hasStd() ? " ± " + Html.number(c.std()) : "");
                b.append("<td class=\"num\" data-v=\"").append(c.mean()).append("\">")
                        .append(t.isBest(task, r) ? "<b>" + text + "</b>" : text);
                for (Path run : c.runs()) {
                    b.append(" ").append(Html.link(index, run, "↗"));
                }
                b.append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static String name(Path root, Path dir) {
        Path rel = root.toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize());
        return rel.toString().isEmpty() ? "." : rel.toString();
    }
}
