package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.eval.PairedBootstrap;
import org.clinicalbert.workbench.compare.Cell;
import org.clinicalbert.workbench.compare.CompareReport;
import org.clinicalbert.workbench.compare.ComparisonBuilder;
import org.clinicalbert.workbench.compare.ComparisonTable;
import org.clinicalbert.workbench.compare.MetricChoice;
import org.clinicalbert.workbench.compare.PaperReference;
import org.clinicalbert.workbench.compare.PredictionBootstrap;
import org.clinicalbert.workbench.compare.RunResult;
import org.clinicalbert.workbench.compare.RunScanner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Phase 4: the final runs as the paper's Table 2 (the comparison's own table, files and chart, in
 * {@code comparison/}), each cell with a 95% bootstrap interval over the test set, a paired bootstrap between
 * every two initialisations of a task, and the study's report files.
 */
final class StudyComparison {

    static final String COMPARISON_DIR = "comparison";
    static final double CONFIDENCE = 0.95;

    /** One cell: its selection, runs, table cell and interval. */
    record CellResult(StudyCell cell, Selection selection, List<FinalRun> runs, Cell table,
                      PredictionBootstrap.Result interval, Double paper, Map<String, Double> entityF1) {
    }

    /** The paired bootstrap of A's mean test score minus B's on one task. */
    record Pair(StudyTask task, Initialisation a, Initialisation b, PredictionBootstrap.Result result) {
    }

    record Result(ComparisonTable table, List<CellResult> cells, List<Pair> pairs, List<Path> files) {
    }

    private final StudyConfig study;
    private final boolean paper;

    StudyComparison(StudyConfig study, boolean paper) {
        this.study = study;
        this.paper = paper;
    }

    Result write(List<Selection> selections, List<FinalRun> runs) throws IOException {
        List<RunResult> results = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<StudyCell, List<FinalRun>> byCell = new LinkedHashMap<>();
        for (FinalRun r : runs) {
            RunResult rr = RunScanner.read(r.runDir(), "test");
            results.add(rr);
            // rows are keyed by the runs' model.init / model.path; labelled as the study names them
            labels.putIfAbsent(rr.initialisation(), r.cell().init().label());
            byCell.computeIfAbsent(r.cell(), k -> new ArrayList<>()).add(r);
        }
        List<String> metrics = study.tasks().stream().map(t -> t.id() + "=" + t.metric()).toList();
        ComparisonTable table = new ComparisonBuilder(MetricChoice.parse(metrics), true, labels).build(results, "test");
        PaperReference reference = paper ? PaperReference.load() : null;
        List<Path> files = new ArrayList<>(CompareReport.write(study.outputDir().resolve(COMPARISON_DIR), table, reference));

        PairedBootstrap bootstrap = new PairedBootstrap(study.bootstrapSamples(), CONFIDENCE, study.bootstrapSeed());
        List<CellResult> cells = new ArrayList<>();
        for (Selection s : selections) {
            List<FinalRun> cellRuns = byCell.getOrDefault(s.cell(), List.of());
            Cell c = tableCell(table, s.cell(), cellRuns);
            PredictionBootstrap.Result ci = PredictionBootstrap.compareMeans(models(cellRuns), List.of(), "test", bootstrap);
            Double published = reference == null ? null : reference.value(s.cell().init().label(), s.cell().task().id());
            Map<String, Double> types = entityTypes(table, s.cell(), cellRuns);
            cells.add(new CellResult(s.cell(), s, cellRuns, c, ci, published, types));
        }
        List<Pair> pairs = new ArrayList<>();
        for (StudyTask t : study.tasks()) {
            List<CellResult> ofTask = cells.stream().filter(c -> c.cell().task().equals(t)).toList();
            for (int i = 0; i < ofTask.size(); i++) {
                for (int j = i + 1; j < ofTask.size(); j++) {
                    pairs.add(new Pair(t, ofTask.get(i).cell().init(), ofTask.get(j).cell().init(),
                            PredictionBootstrap.compareMeans(models(ofTask.get(i).runs()), models(ofTask.get(j).runs()),
                                    "test", bootstrap)));
                }
            }
        }
        Result result = new Result(table, cells, pairs, files);
        files.addAll(StudyReport.write(study, result, reference));
        return result;
    }

    /**
     * The models behind a cell, each with its own test predictions: the runs of its seeds, or the fold folders of
     * a cross-validation run (each fold's model scored the test set).
     */
    static List<Path> models(List<FinalRun> runs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (FinalRun r : runs) {
            List<Path> folds;
            try (Stream<Path> s = Files.list(r.runDir())) {
                folds = s.filter(p -> p.getFileName().toString().matches("fold-\\d+") && Files.isDirectory(p))
                        .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(5))))
                        .toList();
            }
            out.addAll(folds.isEmpty() ? List.of(r.runDir()) : folds);
        }
        return out;
    }

    private static ComparisonTable.Row row(ComparisonTable table, List<FinalRun> runs) {
        if (runs.isEmpty()) {
            return null;
        }
        Path first = runs.get(0).runDir();
        return table.rows().stream().filter(r -> r.cells().values().stream().anyMatch(c -> c.runs().contains(first)))
                .findFirst().orElse(null);
    }

    private static Cell tableCell(ComparisonTable table, StudyCell cell, List<FinalRun> runs) {
        ComparisonTable.Row r = row(table, runs);
        return r == null ? null : r.cells().get(cell.task().id());
    }

    private static Map<String, Double> entityTypes(ComparisonTable table, StudyCell cell, List<FinalRun> runs) {
        ComparisonTable.Row r = row(table, runs);
        Map<String, Map<String, Double>> byRow = table.entityTypes().get(cell.task().id());
        return r == null || byRow == null ? Map.of() : byRow.getOrDefault(r.key(), Map.of());
    }
}
