package org.clinicalbert.workbench.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.clinicalbert.workbench.compare.Cell;
import org.clinicalbert.workbench.compare.CompareFormat;
import org.clinicalbert.workbench.compare.CompareReport;
import org.clinicalbert.workbench.compare.PaperReference;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.clinicalbert.workbench.compare.CompareFormat.percent;
import static org.clinicalbert.workbench.compare.CompareFormat.row;

/**
 * The study's own report: {@code study.json} (everything, as data), {@code study.csv} (one line per cell) and
 * {@code study.md}, which tells a reader of the paper what was selected how and links every cell to its grid,
 * its final run folders and their provenance.
 */
final class StudyReport {

    static final String JSON_FILE = "study.json";
    static final String CSV_FILE = "study.csv";
    static final String MARKDOWN_FILE = "study.md";
    /** Written into a run's model folder by the provenance work; linked where present. */
    static final String PROVENANCE = "model/provenance.json";
    private static final ObjectMapper JSON = Json.PRETTY;

    private StudyReport() {
    }

    static List<Path> write(StudyConfig study, StudyComparison.Result r, PaperReference paper) throws IOException {
        Path dir = study.outputDir();
        AtomicFiles.writeBytes(dir.resolve(JSON_FILE), JSON.writeValueAsBytes(json(study, r, paper)));
        AtomicFiles.writeString(dir.resolve(CSV_FILE), csv(r, paper != null));
        AtomicFiles.writeString(dir.resolve(MARKDOWN_FILE), markdown(study, r, paper));
        return List.of(dir.resolve(JSON_FILE), dir.resolve(CSV_FILE), dir.resolve(MARKDOWN_FILE));
    }

    static Map<String, Object> json(StudyConfig study, StudyComparison.Result r, PaperReference paper) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("study", study.name());
        root.put("study_file", study.file().toString());
        root.put("selection_rule", Selection.TIE_RULE);
        root.put("seeds", study.seeds());
        root.put("confidence", StudyComparison.CONFIDENCE);
        root.put("bootstrap_samples", study.bootstrapSamples());
        root.put("bootstrap_seed", study.bootstrapSeed());
        List<Object> cells = new ArrayList<>();
        for (StudyComparison.CellResult c : r.cells()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", c.cell().task().id());
            m.put("initialisation", c.cell().init().key());
            m.put("label", c.cell().init().label());
            m.put("metric", "test." + c.cell().task().metric());
            m.put("selected_by", c.cell().task().score().toString());
            m.put("selected_parameters", c.selection().best().candidate().parameters());
            m.put("selected_dev_score", c.selection().best().score());
            m.put("grid_dir", c.selection().gridDir().toString());
            m.put("mean", c.table() == null ? null : c.table().mean());
            m.put("std", c.table() == null || !c.table().hasStd() ? null : c.table().std());
            m.put("n", c.table() == null ? 0 : c.table().n());
            m.put("basis", c.table() == null ? null : c.table().basis().name().toLowerCase(Locale.ROOT));
            m.put("ci_lower", c.interval().interval().lower());
            m.put("ci_upper", c.interval().interval().upper());
            m.put("paper", c.paper());
            m.put("entity_type_f1", c.entityF1());
            List<Object> runs = new ArrayList<>();
            for (FinalRun run : c.runs()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("seed", run.seed());
                rm.put("run_dir", run.runDir().toString());
                rm.put("provenance", provenance(run).stream().map(Path::toString).toList());
                runs.add(rm);
            }
            m.put("runs", runs);
            cells.add(m);
        }
        root.put("cells", cells);
        List<Object> pairs = new ArrayList<>();
        for (StudyComparison.Pair p : r.pairs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", p.task().id());
            m.put("a", p.a().key());
            m.put("b", p.b().key());
            m.put("metric", p.result().metric());
            m.put("score_a", p.result().scoreA());
            m.put("score_b", p.result().scoreB());
            m.put("difference", p.result().interval().observed());
            m.put("ci_lower", p.result().interval().lower());
            m.put("ci_upper", p.result().interval().upper());
            m.put("p_a_not_better", p.result().interval().fractionNotAbove());
            m.put("units", p.result().units());
            pairs.add(m);
        }
        root.put("paired_bootstrap", pairs);
        root.put("notes", r.table().notes());
        if (paper != null) {
            root.put("paper_citation", paper.citation());
        }
        return root;
    }

    static String csv(StudyComparison.Result r, boolean withPaper) throws IOException {
        List<String> header = new ArrayList<>(List.of("task", "initialisation", "label", "metric", "mean", "std", "n",
                "basis", "ci_lower", "ci_upper", "selected_parameters", "selected_dev_score", "run_dirs"));
        if (withPaper) {
            header.add("paper");
        }
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).build())) {
            for (StudyComparison.CellResult c : r.cells()) {
                Cell t = c.table();
                List<Object> row = new ArrayList<>(List.of(c.cell().task().id(), c.cell().init().key(),
                        c.cell().init().label(), "test." + c.cell().task().metric(),
                        t == null ? "" : t.mean(), t == null || !t.hasStd() ? "" : t.std(), t == null ? 0 : t.n(),
                        t == null ? "" : t.basis().name().toLowerCase(Locale.ROOT),
                        c.interval().interval().lower(), c.interval().interval().upper(),
                        c.selection().best().candidate().describe(), c.selection().best().score(),
                        String.join(";", c.runs().stream().map(x -> x.runDir().toString()).toList())));
                if (withPaper) {
                    row.add(c.paper() == null ? "" : c.paper());
                }
                p.printRecord(row);
            }
        }
        return w.toString();
    }

    static String markdown(StudyConfig study, StudyComparison.Result r, PaperReference paper) {
        Path dir = study.outputDir();
        StringBuilder b = new StringBuilder("# Study ").append(study.name()).append("\n\n");
        b.append("From `").append(study.file()).append("` (copy: [").append(StudyRunner.STUDY_COPY).append("](")
                .append(StudyRunner.STUDY_COPY).append(")).\n\n");
        b.append("## How every number was obtained\n\n");
        b.append("1. **Grid, dev only.** For each task and initialisation every configuration of the task's grid was ")
                .append("fine-tuned from the task's experiment file and scored on the dev set. These runs never opened ")
                .append("the test set (eval.split dev).\n");
        b.append("2. **Selection on dev.** Per task and initialisation one configuration was chosen by its dev score: ")
                .append(Selection.TIE_RULE).append(". [selection.md](selection.md) lists every configuration's dev ")
                .append("score in rank order.\n");
        b.append("3. **Test, once.** The chosen configuration was trained again with each seed ")
                .append(study.seeds()).append(" (a cross-validated task: once, its folds are the repeats) and scored ")
                .append("on the test set once per run; nothing was chosen after that.\n");
        b.append("4. **Table.** Mean ± sample standard deviation over the seeds (or the folds); in brackets the ")
                .append(Math.round(100 * StudyComparison.CONFIDENCE)).append("% percentile bootstrap interval of that ")
                .append("mean over test examples (MedNLI) or sentences (i2b2), ").append(study.bootstrapSamples())
                .append(" resamples, seed ").append(study.bootstrapSeed()).append(".\n\n");

        b.append("## Table 2 (test)\n\n");
        List<String> header = new ArrayList<>(List.of("Initialisation"));
        for (StudyTask t : study.tasks()) {
            header.add(taskName(t) + " " + t.metric());
            if (paper != null) {
                header.add("paper");
            }
        }
        row(b, header);
        List<String> rule = new ArrayList<>(List.of("---"));
        for (int i = 1; i < header.size(); i++) {
            rule.add("---:");
        }
        row(b, rule);
        for (Initialisation init : study.initialisations()) {
            List<String> cells = new ArrayList<>(List.of(init.label()));
            for (StudyTask t : study.tasks()) {
                StudyComparison.CellResult c = find(r, t, init);
                cells.add(c == null || c.table() == null ? "—" : cellText(c) + " " + link("runs", runsLink(dir, c)));
                if (paper != null) {
                    Double v = paper.value(init.label(), t.id());
                    cells.add(v == null ? "—" : percent(v));
                }
            }
            row(b, cells);
        }
        b.append("\nScores in percent. Plot: [comparison/").append(CompareReport.PNG).append("](comparison/")
                .append(CompareReport.PNG).append("); the plain comparison table: [comparison/")
                .append(CompareReport.MARKDOWN).append("](comparison/").append(CompareReport.MARKDOWN).append(").\n");
        if (paper != null) {
            b.append("Paper columns: ").append(paper.citation()).append(" (test set, their own selection).\n");
        }
        if (!r.table().notes().isEmpty()) {
            b.append("\nNotes:\n\n");
            r.table().notes().forEach(n -> b.append("- ").append(n).append('\n'));
        }

        b.append("\n## Paired bootstrap between initialisations\n\n");
        b.append("Difference of mean test scores (A − B) over the same resamples of the test set; p: the share of ")
                .append("resamples in which A was not better (one-sided).\n\n");
        row(b, List.of("Task", "A", "B", "A − B", "95% interval", "p"));
        row(b, List.of("---", "---", "---", "---:", "---:", "---:"));
        for (StudyComparison.Pair p : r.pairs()) {
            var ci = p.result().interval();
            row(b, List.of(taskName(p.task()), p.a().label(), p.b().label(), signedPercent(ci.observed()),
                    "[" + signedPercent(ci.lower()) + ", " + signedPercent(ci.upper()) + "]",
                    String.format(Locale.ROOT, "%.3f", ci.fractionNotAbove())));
        }

        for (StudyTask t : study.tasks()) {
            if (!t.task().isNer()) {
                continue;
            }
            List<String> types = new ArrayList<>(new java.util.TreeSet<>(r.cells().stream()
                    .filter(c -> c.cell().task().equals(t)).flatMap(c -> c.entityF1().keySet().stream()).toList()));
            if (types.isEmpty()) {
                continue;
            }
            b.append("\n## ").append(taskName(t)).append(": F1 per entity type (test, mean over runs)\n\n");
            List<String> h = new ArrayList<>(List.of("Initialisation"));
            h.addAll(types);
            row(b, h);
            List<String> rr = new ArrayList<>(List.of("---"));
            types.forEach(x -> rr.add("---:"));
            row(b, rr);
            for (Initialisation init : study.initialisations()) {
                StudyComparison.CellResult c = find(r, t, init);
                if (c == null) {
                    continue;
                }
                List<String> cells = new ArrayList<>(List.of(init.label()));
                types.forEach(x -> cells.add(c.entityF1().containsKey(x) ? percent(c.entityF1().get(x)) : "—"));
                row(b, cells);
            }
        }

        b.append("\n## Every cell, traced\n\n");
        for (StudyComparison.CellResult c : r.cells()) {
            var best = c.selection().best();
            b.append("### ").append(taskName(c.cell().task())).append(" × ").append(c.cell().init().label()).append("\n\n");
            b.append("- selected: candidate ").append(best.number()).append(" (").append(best.candidate().describe())
                    .append("), ").append(c.cell().task().score()).append(" = ")
                    .append(String.format(Locale.ROOT, "%.4f", best.score())).append(", rank 1 of ")
                    .append(c.selection().ranking().size()).append(" in ")
                    .append(link("the grid", rel(dir, c.selection().gridDir().resolve("sweep.md")))).append('\n');
            for (FinalRun run : c.runs()) {
                b.append("- seed ").append(run.seed()).append(": ").append(link("run folder", rel(dir, run.runDir())));
                List<Path> prov = provenance(run);
                for (Path p : prov) {
                    b.append(", ").append(link("provenance", rel(dir, p)));
                }
                b.append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The provenance files of a run's models (each fold's for a cross-validation run), where they exist. */
    static List<Path> provenance(FinalRun run) {
        List<Path> out = new ArrayList<>();
        try {
            for (Path model : StudyComparison.models(List.of(run))) {
                Path p = model.resolve(PROVENANCE);
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            // a run folder that cannot be listed has no provenance to link; the run link remains
        }
        return out;
    }

    private static StudyComparison.CellResult find(StudyComparison.Result r, StudyTask t, Initialisation init) {
        return r.cells().stream().filter(c -> c.cell().task().equals(t) && c.cell().init().equals(init))
                .findFirst().orElse(null);
    }

    private static String cellText(StudyComparison.CellResult c) {
        String mean = CompareFormat.cell(c.table());
        var ci = c.interval().interval();
        return mean + " [" + percent(ci.lower()) + ", " + percent(ci.upper()) + "]";
    }

    private static String runsLink(Path dir, StudyComparison.CellResult c) {
        Path common = c.runs().get(0).runDir().getParent();
        return rel(dir, c.runs().size() == 1 ? c.runs().get(0).runDir() : common.getParent());
    }

    /** Study task ids are task ids (the loader checks), named as compare names them. */
    private static String taskName(StudyTask t) {
        return CompareFormat.taskName(t.id());
    }

    private static String rel(Path dir, Path target) {
        try {
            return dir.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize()).toString();
        } catch (IllegalArgumentException e) {
            return target.toString();
        }
    }

    private static String link(String text, String target) {
        return "[" + text + "](" + target.replace(" ", "%20") + ")";
    }

    private static String signedPercent(double fraction) {
        return String.format(Locale.ROOT, "%+.2f", 100 * fraction);
    }
}
