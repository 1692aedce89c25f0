package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.eval.PairedBootstrap;
import org.clinicalbert.workbench.compare.CompareReport;
import org.clinicalbert.workbench.compare.ComparisonBuilder;
import org.clinicalbert.workbench.compare.ComparisonTable;
import org.clinicalbert.workbench.compare.MetricChoice;
import org.clinicalbert.workbench.compare.PaperReference;
import org.clinicalbert.workbench.compare.PredictionBootstrap;
import org.clinicalbert.workbench.compare.RunResult;
import org.clinicalbert.workbench.compare.RunScanner;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.io.UserInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code workbench compare}: the paper-style table of finished runs, or a paired bootstrap between two runs. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare finished runs: one row per initialisation, one column per task (MedNLI accuracy, "
                + "i2b2 exact entity F1), best per column marked, mean ± std for CV runs or several seeds.",
                "Writes compare.md, compare.csv, compare.json, compare.png (and compare-entity-types.csv for NER).",
                "With --bootstrap RUN_A RUN_B: paired bootstrap of the score difference between two runs.",
                "The same table in an HTML overview with every run, sweep and study: workbench report RESULTS_DIR."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULTS_DIR", arity = "0..*",
            description = "results folders to scan for run folders (default: results)")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--split", description = "split to compare: test or dev (default: ${DEFAULT-VALUE})")
    String split = "test";

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("results", "compare");

    @Option(names = "--metric", paramLabel = "[TASK=]NAME",
            description = "metric to show: NAME for every task or TASK=NAME for one (default: accuracy for mednli, f1 for i2b2)")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--all-runs", description = "aggregate every finished run of one configuration (seeds) per task and initialisation as mean ± std; different configurations are separate rows "
            + "(default: the newest run only)")
    boolean allRuns;

    @Option(names = "--include-sweeps", description = "also compare the candidate runs of sweeps (left out by default: "
            + "they are trials of other settings, not runs of the experiment)")
    boolean includeSweeps;

    @Option(names = "--paper", description = "add the paper's published Table 2 values as reference columns")
    boolean paper;

    @Option(names = "--registry", paramLabel = "FILE", converter = InputPath.File.class, description = "model registry for the paper's row names (default: ${DEFAULT-VALUE})")
    Path registryFile = ModelRegistry.DEFAULT_FILE;

    @Option(names = "--bootstrap", arity = "2", paramLabel = "RUN",
            description = "paired bootstrap between two run folders' predictions (RUN_A RUN_B) instead of the table")
    List<Path> bootstrap;

    @Option(names = "--samples", description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int samples = 1000;

    @Option(names = "--seed", description = "bootstrap random seed (default: ${DEFAULT-VALUE})")
    long seed = 12345;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionBounds.atLeast(spec, "--samples", samples, 1);
        try {
            if (!split.equals("test") && !split.equals("dev")) {
                throw new UserInputException("--split must be test or dev, got '" + split + "'");
            }
            return bootstrap != null ? bootstrap(o) : table(o);
        } finally {
            o.flush();
            err.flush();
        }
    }

    private int table(PrintWriter o) throws Exception {
        List<Path> dirs = roots.isEmpty() ? List.of(Path.of("results")) : roots;
        MetricChoice choice = MetricChoice.parse(metrics);
        RunScanner.Found found = RunScanner.find(dirs, split, includeSweeps);
        List<RunResult> runs = found.runs();
        // before the table (or the error that there is none): an unreadable run is never left out without a word
        found.unreadable().forEach(u -> o.println("unreadable: " + u.reason()
                + " (left out of the table)"));
        if (runs.isEmpty()) {
            throw new org.clinicalbert.workbench.io.InputFormatException(dirs.size() == 1 ? dirs.get(0) : null, null,
                    "no finished runs to compare (a run folder holds status.json with state finished)"
                            + (found.sweepCandidatesLeftOut() > 0 ? "; " + found.sweepCandidatesLeftOut()
                            + " finished sweep candidate run(s) left out: add --include-sweeps to compare them" : "")
                            + (found.unreadable().isEmpty() ? "" : "; " + found.unreadable().size()
                            + " run(s) unreadable"));
        }
        ComparisonTable table = new ComparisonBuilder(choice, allRuns, paperNames(registryFile)).build(runs, split);
        List<Path> written = CompareReport.write(out, table, paper ? PaperReference.load() : null);
        o.println(runs.size() + " finished run(s), " + table.rows().size() + " initialisation(s), "
                + table.tasks().size() + " task(s)");
        if (found.sweepCandidatesLeftOut() > 0) {
            o.println("left out " + found.sweepCandidatesLeftOut() + " sweep candidate run(s); --include-sweeps "
                    + "compares them too");
        }
        if (found.studyGridRunsLeftOut() > 0) {
            o.println("left out " + found.studyGridRunsLeftOut() + " study grid run(s): a study's results are its "
                    + "final runs");
        }
        table.notes().forEach(n -> o.println("note: " + n));
        written.forEach(p -> o.println("wrote " + p));
        o.println("all runs, sweeps and studies as HTML: workbench report " + dirs.get(0));
        return 0;
    }

    /**
     * Row names from the registry when there is one (without it rows are named by their init or path), ordered
     * as the paper's Table 2 rows, then the registry's other models by name.
     */
    private static Map<String, String> paperNames(Path registryFile) {
        Map<String, String> names = new LinkedHashMap<>();
        if (!Files.isRegularFile(registryFile)) {
            return names;
        }
        Path base = Path.of("").toAbsolutePath();
        ModelRegistry registry = ModelRegistry.load(registryFile, base.resolve("models"), base);
        List<String> paperRows = PaperReference.load().rowNames();
        List<String> inits = new ArrayList<>(registry.names());
        inits.sort(java.util.Comparator.comparingInt((String n) -> {
            int i = paperRows.indexOf(registry.entry(n).paperName());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        inits.forEach(n -> names.put(n, registry.entry(n).paperName()));
        return names;
    }

    private int bootstrap(PrintWriter o) throws Exception {
        var r = PredictionBootstrap.compare(bootstrap.get(0), bootstrap.get(1), split,
                new PairedBootstrap(samples, 0.95, seed));
        var ci = r.interval();
        o.printf(Locale.ROOT, "%s %s on %s, %d %s%n", r.task(), r.metric(), split, r.units(),
                r.metric().equals("accuracy") ? "examples" : "sentences");
        o.printf(Locale.ROOT, "  A %s: %.4f%n  B %s: %.4f%n", bootstrap.get(0), r.scoreA(), bootstrap.get(1), r.scoreB());
        o.printf(Locale.ROOT, "  A - B = %+.4f, %.0f%% CI [%+.4f, %+.4f] (%d resamples)%n", ci.observed(),
                100 * ci.confidence(), ci.lower(), ci.upper(), ci.samples());
        o.printf(Locale.ROOT, "  p (A not better than B, one-sided) = %.4f%n", ci.fractionNotAbove());
        return 0;
    }
}
