package org.clinicalbert.workbench.compare;

import org.clinicalbert.workbench.eval.Aggregate;
import org.clinicalbert.workbench.eval.FoldSummary;
import org.clinicalbert.workbench.experiment.config.Task;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.provenance.Provenance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups runs by initialisation, task and configuration (experiment name and resolved config less seed and output
 * folder) and turns each group into a cell: the newest run by default, or with {@code allRuns} the mean ± sample std
 * over every run (seeds) of the group. Different configurations are never pooled: an initialisation with several
 * configurations of a task gets one row per configuration, the newest configuration first, each labelled with it.
 */
public final class ComparisonBuilder {

    private final MetricChoice metrics;
    private final boolean allRuns;
    private final Map<String, String> paperNames;

    /**
     * @param paperNames initialisation name to the paper's row name, in the order rows should appear
     *                   (the registry's order); initialisations not in it follow, sorted by name
     */
    public ComparisonBuilder(MetricChoice metrics, boolean allRuns, Map<String, String> paperNames) {
        this.metrics = metrics;
        this.allRuns = allRuns;
        this.paperNames = new LinkedHashMap<>(paperNames);
    }

    public ComparisonTable build(List<RunResult> runs, String split) {
        // initialisation -> task -> configuration -> runs
        Map<String, Map<String, Map<String, List<RunResult>>>> groups = new LinkedHashMap<>();
        for (RunResult r : runs) {
            groups.computeIfAbsent(r.initialisation(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.task(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.configuration(), k -> new ArrayList<>()).add(r);
        }
        List<String> tasks = taskOrder(runs);
        Map<String, String> metricByTask = new LinkedHashMap<>();
        tasks.forEach(t -> metricByTask.put(t, metrics.metricFor(t)));

        List<ComparisonTable.Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Map<String, Map<String, Double>>> entityTypes = new LinkedHashMap<>();
        for (String init : rowOrder(groups.keySet())) {
            Map<String, List<List<RunResult>>> byTask = new LinkedHashMap<>();
            int variants = 0;
            for (String task : tasks) {
                Map<String, List<RunResult>> configs = groups.get(init).get(task);
                if (configs != null) {
                    List<List<RunResult>> ordered = new ArrayList<>(configs.values());
                    ordered.sort(Comparator.comparing((List<RunResult> g) -> newest(g), NEWEST).reversed());
                    byTask.put(task, ordered);
                    variants = Math.max(variants, ordered.size());
                }
            }
            for (int v = 0; v < variants; v++) {
                Map<String, Cell> cells = new LinkedHashMap<>();
                String key = v == 0 ? init : init + "#" + (v + 1);
                for (var e : byTask.entrySet()) {
                    if (v >= e.getValue().size()) {
                        continue;
                    }
                    List<RunResult> group = e.getValue().get(v);
                    List<RunResult> chosen = allRuns ? group : List.of(newest(group));
                    cells.put(e.getKey(), cell(chosen, metricByTask.get(e.getKey()), split));
                    dataNote(chosen).ifPresent(n -> notes.add(paperNames.getOrDefault(init, init) + ", "
                            + e.getKey() + ": " + n));
                    Map<String, Double> types = meanEntityTypes(chosen);
                    if (!types.isEmpty()) {
                        entityTypes.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(key, types);
                    }
                }
                String variant = variants == 1 ? null : String.join("; ", cells.values().stream()
                        .map(Cell::configuration).distinct().toList());
                rows.add(new ComparisonTable.Row(key, paperNames.getOrDefault(init, init), cells, variant));
            }
        }
        return new ComparisonTable(split, tasks, metricByTask, rows, best(tasks, rows), entityTypes, notes);
    }

    /**
     * Whether runs pooled into one cell read different data: one configuration can still point at different
     * corpus files (a corpus regenerated or edited between seeds), which {@code model/provenance.json} records by
     * SHA-256. Runs without provenance (older folders) are left out of the check.
     */
    static java.util.Optional<String> dataNote(List<RunResult> pooled) {
        if (pooled.size() < 2) {
            return java.util.Optional.empty();
        }
        Map<List<String>, List<String>> runsByData = new LinkedHashMap<>();
        for (RunResult r : pooled) {
            java.util.Optional<Provenance> p = Provenance.read(r.dir().resolve("model"));
            if (p.isEmpty() || p.get().data() == null) {
                continue;
            }
            List<String> hashes = p.get().data().stream().map(Provenance.DataFile::sha256).sorted().toList();
            runsByData.computeIfAbsent(hashes, k -> new ArrayList<>()).add(r.runId());
        }
        if (runsByData.size() < 2) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("the " + pooled.size() + " pooled runs did not all read the same data files "
                + "(SHA-256 in model/provenance.json): " + String.join(" vs ", runsByData.values().stream()
                .map(ids -> String.join(", ", ids)).toList()));
    }

    /** Run folder names are creation timestamps; the full path breaks ties between experiments. */
    static RunResult newest(List<RunResult> group) {
        return group.stream().max(NEWEST).orElseThrow();
    }

    private static final Comparator<RunResult> NEWEST = Comparator.comparing(RunResult::runId)
            .thenComparing(r -> r.dir().toString());

    private static Cell cell(List<RunResult> chosen, String metric, String split) {
        List<Double> means = new ArrayList<>();
        for (RunResult r : chosen) {
            Score s = r.scores().get(metric);
            if (s == null) {
                throw new InputFormatException(r.dir().resolve("metrics.json"), split,
                        "no metric '" + metric + "' for task " + r.task() + "; it has " + new TreeMap<>(r.scores()).keySet());
            }
            means.add(s.mean());
        }
        List<java.nio.file.Path> dirs = chosen.stream().map(RunResult::dir).toList();
        RunResult first = chosen.get(0);
        String configuration = first.experiment() + ", config " + first.configHash() + (first.sweep() == null ? ""
                : ", sweep " + first.sweep().getFileName() + " " + first.dir().getParent().getFileName());
        if (chosen.size() == 1) {
            Score s = chosen.get(0).scores().get(metric);
            return new Cell(s.mean(), s.crossValidated() ? s.std() : Double.NaN, s.values().size(),
                    s.crossValidated() ? Cell.Basis.CV : Cell.Basis.RUN, dirs, configuration);
        }
        FoldSummary f = Aggregate.of(metric, means);
        return new Cell(f.mean(), f.std(), f.n(), Cell.Basis.RUNS, dirs, configuration);
    }

    private static Map<String, Double> meanEntityTypes(List<RunResult> chosen) {
        Map<String, List<Double>> values = new TreeMap<>();
        chosen.forEach(r -> r.entityTypeF1().forEach((t, v) -> values.computeIfAbsent(t, k -> new ArrayList<>()).add(v)));
        Map<String, Double> out = new TreeMap<>();
        values.forEach((t, v) -> out.put(t, v.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        return out;
    }

    /** Every metric compared here (accuracy, F1, precision, recall) is better when higher. */
    private static Map<String, Set<String>> best(List<String> tasks, List<ComparisonTable.Row> rows) {
        Map<String, Set<String>> best = new LinkedHashMap<>();
        for (String task : tasks) {
            double max = rows.stream().map(r -> r.cells().get(task)).filter(c -> c != null)
                    .mapToDouble(Cell::mean).max().orElse(Double.NaN);
            Set<String> keys = new LinkedHashSet<>();
            for (ComparisonTable.Row r : rows) {
                Cell c = r.cells().get(task);
                if (c != null && c.mean() == max) {
                    keys.add(r.key());
                }
            }
            best.put(task, keys);
        }
        return best;
    }

    /** The study's task order, then any other task ids by name. */
    private static List<String> taskOrder(List<RunResult> runs) {
        Set<String> present = new LinkedHashSet<>();
        runs.forEach(r -> present.add(r.task()));
        List<String> out = new ArrayList<>();
        for (String id : Task.ids()) {
            if (present.remove(id)) {
                out.add(id);
            }
        }
        present.stream().sorted().forEach(out::add);
        return out;
    }

    private List<String> rowOrder(Set<String> inits) {
        List<String> out = new ArrayList<>();
        for (String known : paperNames.keySet()) {
            if (inits.contains(known)) {
                out.add(known);
            }
        }
        inits.stream().filter(i -> !paperNames.containsKey(i)).sorted().forEach(out::add);
        return out;
    }
}
