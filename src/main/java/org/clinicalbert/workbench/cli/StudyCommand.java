package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.study.FinalJob;
import org.clinicalbert.workbench.study.FinalRun;
import org.clinicalbert.workbench.study.LocalStudyExecutor;
import org.clinicalbert.workbench.study.StudyConfig;
import org.clinicalbert.workbench.study.StudyFileLoader;
import org.clinicalbert.workbench.study.StudyPhase;
import org.clinicalbert.workbench.study.StudyRunner;
import org.clinicalbert.workbench.study.StudyTask;
import org.clinicalbert.workbench.sweep.CandidateGenerators;
import org.clinicalbert.workbench.sweep.CandidateRecord;
import org.clinicalbert.workbench.sweep.SweepCandidate;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code workbench study STUDY.yaml}: the whole study (grids on dev, selection, test once, Table 2) in one command. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Run the whole study in one resumable command: grids on dev, selection, final runs on test, Table 2.",
                "For each task and initialisation of the study file: (1) every configuration of the task's grid is "
                        + "scored on dev only (the test set is not opened); (2) the best configuration by its dev score "
                        + "is chosen (a tie goes to the first in the grid); (3) that configuration is trained with each "
                        + "seed (or over the folds of a cross-validated task) and scored on test once; (4) Table 2 is "
                        + "written with mean ± std, 95%% bootstrap intervals, paired bootstrap between "
                        + "initialisations, per-entity-type F1 and a chart.",
                "Writes into --out (default results/studies/<name>): grid/, selection.md, final/, comparison/, "
                        + "study.md, study.json, study.csv and status.json. A killed study continues with --resume."})
public final class StudyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STUDY", description = "study YAML, e.g. experiments/study/demo.yaml")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "study folder (default: the file's output_dir, else results/studies/<name>)")
    Path out;

    @Option(names = "--dry-run", description = "list the grids, candidates and final runs, and exit without running")
    boolean dryRun;

    @Option(names = "--resume", description = "continue the study in the study folder (finished work is reused)")
    boolean resume;

    @Option(names = "--paper", description = "put the paper's published Table 2 values beside the table")
    boolean paper;

    @Option(names = "--no-progress", description = "no training progress bars (phase and candidate lines only)")
    boolean noProgress;

    @picocli.CommandLine.Mixin
    RegistryOptions models = new RegistryOptions();

    @picocli.CommandLine.Mixin
    SparkOption spark = new SparkOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path base = Path.of("").toAbsolutePath();
        try {
            if (!models.overrides.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--set does not apply to a study: fix keys per task "
                        + "under its set key in the study file");
            }
            ModelRegistry registry = models.registry(base);
            ConfigLoader loader = ConfigLoader.withRegistry(registry);
            if (out != null && org.clinicalbert.workbench.io.ResultsLocation.isUri(out.toString())) {
                throw new ParameterException(spec.commandLine(), "--out " + out + ": a study writes to a local or "
                        + "mounted path (Hadoop file system URIs are for sweep --out and run --set output.dir, with --spark)");
            }
            StudyConfig study = new StudyFileLoader(loader, registry, base).load(file, out);
            if (java.nio.file.Files.isRegularFile(study.outputDir())) {
                // checked before --dry-run lists anything: the folder the real study would need
                throw new java.nio.file.FileAlreadyExistsException(study.outputDir().toString());
            }
            describe(o, study);
            if (dryRun) {
                return 0;
            }
            o.flush();
            PrintStream console = System.out;
            ExperimentRunner experiments = new ExperimentRunner(registry);
            StudyRunner.Outcome outcome;
            if (spark.enabled()) {
                // one Spark task per grid candidate and per final run; the phases and their files as locally
                outcome = org.clinicalbert.workbench.spark.SparkJobs.study(spark.master(),
                        org.clinicalbert.workbench.spark.RunnerSetup.of(models.registryFile, models.modelsDir(base), base),
                        loader, new Candidates(o), executor -> new StudyRunner(executor, new Phases(o)).run(study, resume,
                                paper, models.resumeOptions(spark)));
            } else {
                LocalStudyExecutor executor = new LocalStudyExecutor(loader, LocalStudyExecutor.runner(experiments,
                        base, noProgress ? null : label -> new TrainingProgress(label, console)), new Candidates(o));
                outcome = new StudyRunner(executor, new Phases(o)).run(study, resume, paper,
                        models.resumeOptions(spark));
            }
            o.printf("study %s finished: %d final run(s); table in %s%n", study.name(), outcome.finalRuns().size(),
                    study.outputDir().resolve("study.md"));
            return 0;
        } finally {
            o.flush();
            err.flush();
        }
    }

    private static void describe(PrintWriter o, StudyConfig study) {
        int candidates = 0;
        int finals = 0;
        for (StudyTask t : study.tasks()) {
            SweepConfig grid = SweepConfig.grid(study.file(), t.id(), t.experiment(), t.fixed(), t.grid(), t.score(),
                    study.outputDir());
            int n = CandidateGenerators.planned(grid);
            int seeds = study.seedsFor(t).size();
            candidates += n * study.initialisations().size();
            finals += seeds * study.initialisations().size();
            o.printf("task %s: %s%s, grid of %d chosen by %s, final: %s%n", t.id(), t.experiment(),
                    t.fixed().isEmpty() ? "" : " with " + String.join(", ", t.fixed()), n, t.score(),
                    t.crossValidated() ? "one cross-validated run (its folds are the repeats), seed " + study.seedsFor(t).get(0)
                            : seeds + " run(s), seeds " + study.seedsFor(t));
            for (SweepCandidate c : CandidateGenerators.list(grid, n)) {
                o.printf("  %3d  %s%n", c.number(), c.describe());
            }
        }
        o.printf("initialisations: %s%n", String.join(", ", study.initialisations().stream()
                .map(i -> i.key() + (i.label().equals(i.key()) ? "" : " (" + i.label() + ")")).toList()));
        o.printf("study %s: %d grid run(s) on dev, then %d final run(s) on test -> %s%n", study.name(), candidates,
                finals, study.outputDir());
    }

    /** One line per phase. */
    private record Phases(PrintWriter out) implements StudyRunner.Listener {
        @Override
        public void phaseStarted(StudyPhase phase) {
            out.printf("phase %s%n", phase.id());
            out.flush();
        }

        @Override
        public void finalRunEnded(FinalJob job, FinalRun run) {
            out.printf("final %s seed %d: %s%s%n", job.cell(), job.seed(), run.runDir(),
                    run.reused() ? " (finished earlier, reused)" : "");
            out.flush();
        }
    }

    /** One line per grid candidate. */
    private record Candidates(PrintWriter out) implements SweepListener {
        @Override
        public void candidateStarted(SweepCandidate c, int position, int of, boolean reused) {
            out.printf("  candidate %d/%d %s%s%n", position, of, c.describe(), reused ? ": finished earlier, reused" : "");
            out.flush();
        }

        @Override
        public void candidateEnded(CandidateRecord r, int position, int of, CandidateRecord best) {
            out.printf(Locale.ROOT, "  candidate %d/%d %s in %.0f s%n", position, of,
                    r.finished() ? "dev score " + String.format(Locale.ROOT, "%.4f", r.score()) : "FAILED: " + r.error(),
                    r.seconds());
            out.flush();
        }
    }
}
