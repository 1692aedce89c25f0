package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.runs.ResumeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code workbench run EXPERIMENT.yaml}: fine-tune and evaluate as the config says; results in its run folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Fine-tune and evaluate one experiment config (MedNLI or an i2b2 NER task).",
                "Results go to <output.dir>/<run-id>/: resolved config, environment, metrics.json, epochs.csv, "
                        + "predictions, learning-curve.png, report.md and the fine-tuned model."})
public final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPERIMENT", description = "experiment YAML, e.g. experiments/demo.yaml")
    Path file;

    @picocli.CommandLine.Mixin
    RegistryOptions models = new RegistryOptions();

    @Option(names = "--resume", description = "continue the newest unfinished run of this experiment from its last "
            + "checkpoint (an error when there is none)")
    boolean resume;

    @Option(names = "--resume-or-start", description = "as --resume, but start a new run when there is nothing to resume")
    boolean resumeOrStart;

    @Option(names = "--no-progress", description = "no progress bar (logs only)")
    boolean noProgress;

    @picocli.CommandLine.Mixin
    SparkOption spark = new SparkOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path base = Path.of("").toAbsolutePath();
        try {
            ModelRegistry registry = models.registry(base);
            ExperimentConfig config = ConfigLoader.withRegistry(registry).load(file, models.overrides);
            PrintStream console = System.out;
            var options = new ExperimentRunner.Options(resume || resumeOrStart, base,
                    noProgress ? null : label -> new TrainingProgress(config.name() + " " + label, console),
                    resumeOrStart, resumeCommand());
            out.println("running " + config.name() + " (" + config.task().id() + ")");
            out.flush();
            ExperimentRunner.Result r = spark.enabled()
                    // the folds of a cross-validated experiment as parallel Spark tasks
                    ? org.clinicalbert.workbench.spark.SparkJobs.run(spark.master(),
                            org.clinicalbert.workbench.spark.RunnerSetup.of(models.registryFile,
                                    models.modelsDir(base), base), file, models.overrides, config,
                            resume || resumeOrStart, resumeOrStart, line -> {
                                out.println(line);
                                out.flush();
                            })
                    : new ExperimentRunner(registry).run(config, options);
            out.println("results: " + r.where());
            printSummary(out, r.metrics());
            return 0;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** This command as the user would type it to continue the run: same file, overrides and models, --resume. */
    String resumeCommand() {
        return ResumeCommand.run(file, models.resumeOptions(spark));
    }

    private static void printSummary(PrintWriter out, RunMetrics metrics) {
        out.print(summaryTable(metrics));
    }

    /**
     * The scores as an aligned table: split, metric, value for one run; mean, sample std, min and max over folds
     * for a cross-validation run.
     */
    static String summaryTable(RunMetrics metrics) {
        boolean cv = metrics instanceof RunMetrics.CrossValidated;
        List<List<String>> rows = new ArrayList<>();
        rows.add(cv ? List.of("split", "metric", "mean", "std", "min", "max") : List.of("split", "metric", "value"));
        for (String split : List.of("dev", "test")) {
            if (metrics instanceof RunMetrics.CrossValidated c) {
                if (c.split(split) != null) {
                    c.split(split).forEach((metric, f) -> rows.add(List.of(split, metric, fixed(f.mean()),
                            fixed(f.std()), fixed(f.min()), fixed(f.max()))));
                }
            } else {
                metrics.scores(split).forEach((metric, v) -> rows.add(List.of(split, metric, fixed(v))));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (cv) {
            sb.append("  ").append(((RunMetrics.CrossValidated) metrics).cvFolds()).append("-fold cross-validation (mean and sample std over folds)\n");
        }
        int[] width = new int[rows.get(0).size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        });
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.size(); i++) {
                // text columns to the left, numbers to the right
                String fmt = i < 2 ? "%-" + width[i] + "s" : "%" + width[i] + "s";
                line.append(String.format(java.util.Locale.ROOT, fmt, r.get(i))).append(i < r.size() - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String fixed(Double v) {
        return v != null ? String.format(java.util.Locale.ROOT, "%.4f", v) : "-";
    }
}
