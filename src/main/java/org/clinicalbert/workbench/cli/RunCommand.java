package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
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
import java.util.Map;
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
                    resumeOrStart);
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
            out.println("results: " + r.runDir());
            printSummary(out, r.metrics());
            return 0;
        } finally {
            out.flush();
            err.flush();
        }
    }

    @SuppressWarnings("unchecked")
    private static void printSummary(PrintWriter out, Map<String, Object> metrics) {
        for (String split : List.of("dev", "test")) {
            Object s = metrics.get(split);
            if (s instanceof Map<?, ?> m) {
                Object flat = m.containsKey("metrics") ? m.get("metrics") : m;
                out.println("  " + split + ": " + flat);
            }
        }
    }
}
