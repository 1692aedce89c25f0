package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.runs.ResumeCommand;
import picocli.CommandLine.ParameterException;
import org.clinicalbert.workbench.sweep.CandidateGenerators;
import org.clinicalbert.workbench.sweep.CandidateRecord;
import org.clinicalbert.workbench.sweep.CandidateRunner;
import org.clinicalbert.workbench.sweep.SweepCandidate;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepFileLoader;
import org.clinicalbert.workbench.sweep.SweepListener;
import org.clinicalbert.workbench.sweep.SweepOutcome;
import org.clinicalbert.workbench.sweep.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code workbench sweep SWEEP.yaml}: a grid or random hyperparameter search, one experiment run per candidate. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Hyperparameter sweep (grid or random search, Arbiter) over an experiment config.",
                "Each candidate runs into <output_dir>/candidate-<n>/; a rerun skips finished candidates.",
                "Results: sweep.json, sweep.csv, sweep.md and sweep.png in <output_dir> (default results/sweeps/<name>).",
                "With --spark each candidate is a Spark task (--split-folds: each cross-validation fold); the same "
                        + "folders, reports and resume rules."})
public final class SweepCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP", description = "sweep YAML, e.g. experiments/sweeps/demo-grid.yaml")
    Path file;

    @Option(names = "--dry-run", description = "list the candidates and exit")
    boolean dryRun;

    @Option(names = "--max-candidates", paramLabel = "N", description = "visit at most N candidates")
    Integer maxCandidates;

    @picocli.CommandLine.Mixin
    RegistryOptions models = new RegistryOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "results folder (default: the sweep file's output_dir, "
            + "else results/sweeps/<name>); with --spark also a Hadoop file system URI: file:/..., hdfs://NAMENODE/..., "
            + "s3a://BUCKET/... (with hadoop-aws)")
    String outDir;

    @picocli.CommandLine.Mixin
    SparkOption spark = new SparkOption();

    @Option(names = "--split-folds", description = "with --spark: each fold of a cross-validated candidate is its own "
            + "task (then a task writes the candidate's summary)")
    boolean splitFolds;

    @Option(names = "--no-progress", description = "no training progress bars (candidate lines only)")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path base = Path.of("").toAbsolutePath();
        try {
            if (maxCandidates != null && maxCandidates < 1) {
                throw new ParameterException(spec.commandLine(), "--max-candidates must be at least 1");
            }
            ModelRegistry registry = models.registry(base);
            ConfigLoader loader = ConfigLoader.withRegistry(registry);
            if (splitFolds && !spark.enabled()) {
                throw new ParameterException(spec.commandLine(), "--split-folds needs --spark");
            }
            SweepConfig sweep = new SweepFileLoader(loader).load(file);
            // a URI names a folder on a Hadoop file system: the Spark driver stages the sweep locally and uploads it
            String resultsUri = outDir != null
                    && org.clinicalbert.workbench.io.ResultsLocation.isUri(outDir) ? outDir : null;
            if (resultsUri != null && !spark.enabled()) {
                throw new ParameterException(spec.commandLine(), "--out " + outDir + " is a Hadoop file system URI: "
                        + "it needs --spark (or give a local path)");
            }
            if (outDir != null && resultsUri == null) {
                sweep = sweep.withOutputDir(Path.of(outDir));
            }
            if (!models.overrides.isEmpty()) {
                loader.load(sweep.experiment(), models.overrides); // a bad --set fails here, naming the key
                sweep = sweep.withFixed(models.overrides);
            }
            int planned = CandidateGenerators.planned(sweep);
            int n = maxCandidates == null ? planned : Math.min(planned, maxCandidates);
            if (resultsUri == null && java.nio.file.Files.isRegularFile(sweep.outputDir())) {
                // checked before --dry-run lists anything: the folder the real run would need
                throw new java.nio.file.FileAlreadyExistsException(sweep.outputDir().toString());
            }
            String where = resultsUri != null ? resultsUri : sweep.outputDir().toString();
            out.printf("sweep %s: %s search over %s, %d of %d candidates, maximising %s -> %s%n", sweep.name(),
                    sweep.search().name().toLowerCase(), sweep.experiment(), n, planned, sweep.score(), where);
            if (dryRun) {
                for (SweepCandidate c : CandidateGenerators.list(sweep, n)) {
                    out.printf("  %3d  %s%n", c.number(), c.describe());
                }
                return 0;
            }
            out.flush();
            // the command that continues this sweep (its status.json names it)
            String resume = ResumeCommand.sweep(file, resultsUri != null ? resultsUri : sweep.outputDir().toString(),
                    models.resumeOptions(spark), splitFolds);
            SweepOutcome o;
            if (spark.enabled()) {
                // executors may run elsewhere: candidate folders by absolute path
                sweep = sweep.withOutputDir(sweep.outputDir().toAbsolutePath());
                where = resultsUri != null ? resultsUri : sweep.outputDir().toString();
                o = org.clinicalbert.workbench.spark.SparkJobs.sweep(spark.master(),
                        org.clinicalbert.workbench.spark.RunnerSetup.of(models.registryFile,
                                models.modelsDir(base), base), loader, sweep, maxCandidates, splitFolds,
                        new Progress(out, sweep), resume, resultsUri);
            } else {
                PrintStream console = System.out;
                ExperimentRunner experiments = new ExperimentRunner(registry);
                // a candidate killed before its run folder existed has nothing to resume: it starts afresh
                CandidateRunner runner = (config, r) -> experiments.run(config, new ExperimentRunner.Options(r, base,
                        noProgress ? null : label -> new TrainingProgress(config.name() + " " + label, console), true));
                o = new SweepRunner(loader, runner, new Progress(out, sweep)).run(sweep, maxCandidates, resume);
            }
            out.printf("%s: %d finished, %d failed of %d; results in %s%n", o.state(), o.finished(), o.failed(),
                    o.planned(), where);
            if (o.best() != null) {
                out.printf("best: candidate %d, %s = %.4f (%s)%n", o.best().number(), sweep.score(), o.best().score(),
                        o.best().candidate().describe());
            }
            return o.failed() == 0 ? 0 : 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** One line as each candidate starts and ends, with the best so far. */
    private record Progress(PrintWriter out, SweepConfig sweep) implements SweepListener {
        @Override
        public void candidateStarted(SweepCandidate c, int position, int of, boolean reused) {
            out.printf("candidate %d/%d (#%d) %s%s%n", position, of, c.number(), c.describe(),
                    reused ? ": finished earlier, reused" : "");
            out.flush();
        }

        @Override
        public void candidateEnded(CandidateRecord r, int position, int of, CandidateRecord best) {
            String what = r.finished()
                    ? String.format(Locale.ROOT, "%s = %.4f", sweep.score(), r.score())
                    : "FAILED: " + r.error();
            String bestText = best == null ? "none yet"
                    : String.format(Locale.ROOT, "%.4f (#%d)", best.score(), best.number());
            out.printf("candidate %d/%d (#%d) %s in %.0f s; best so far %s%n", position, of, r.number(), what,
                    r.seconds(), bestText);
            out.flush();
        }
    }
}
