package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ExperimentPaths;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.experiment.config.OutputConfig;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One experiment run, or one fold of a cross-validated one, as a Spark task: the experiment file and its
 * {@code --set} overrides (a sweep candidate's, {@code output.dir} included), every path absolute as the driver
 * resolved it (the factories add the overrides that make the config's relative paths absolute). On the executor it
 * checks that what it reads is there ({@link ExecutorPaths}), then runs {@link ExperimentRunner} exactly as
 * {@code workbench run} uses it, so the run folder is the local one.
 *
 * @param runDir  a fold task: the run folder the driver chose; null for a whole run
 * @param fold    0-based fold index, or null for a whole run (with cross-validation: its summary, reading back
 *                finished folds)
 * @param resume  continue the newest unfinished run of {@code output.dir} (its checkpoint, its finished folds)
 * @param startIfNothingToResume with {@code resume}: start a new run when there is none to continue
 * @param store   results on a Hadoop file system: {@code output.dir} and {@code runDir} are the driver's staging
 *                paths for it, and the executor runs in its own staging folder ({@link TaskStaging}); null: local
 *                paths, used as they are
 * @param hook    a listener added to the run's own on the executor (tests' faults), or null
 */
public record ExperimentTask(RunnerSetup setup, String label, String experiment, List<String> overrides,
                             String runDir, Integer fold, boolean resume, boolean startIfNothingToResume,
                             StoreBinding store, TrainingHook hook)
        implements SparkTask<ExperimentTask.Result> {

    private static final String OUTPUT_DIR = "output.dir=";

    public ExperimentTask {
        overrides = List.copyOf(overrides);
    }

    public ExperimentTask(RunnerSetup setup, String label, String experiment, List<String> overrides, String runDir,
                          Integer fold, boolean resume, boolean startIfNothingToResume) {
        this(setup, label, experiment, overrides, runDir, fold, resume, startIfNothingToResume, null, null);
    }

    /** This task with its results on {@code store} (null: local paths). */
    public ExperimentTask on(StoreBinding store) {
        return new ExperimentTask(setup, label, experiment, overrides, runDir, fold, resume, startIfNothingToResume,
                store, hook);
    }

    /** This task with {@code hook}'s listener added on the executor. */
    public ExperimentTask with(TrainingHook hook) {
        return new ExperimentTask(setup, label, experiment, overrides, runDir, fold, resume, startIfNothingToResume,
                store, hook);
    }

    /**
     * A whole run that continues its unfinished attempt or starts one (a sweep candidate).
     *
     * @param config the experiment as the driver loaded it with {@code overrides}: its relative paths travel resolved
     *               against the driver's working directory ({@link RunnerSetup#withAbsolutePaths})
     */
    public static ExperimentTask candidate(RunnerSetup setup, String label, Path experiment, ExperimentConfig config,
                                           List<String> overrides) {
        return whole(setup, label, experiment, config, overrides, true, true);
    }

    /** A whole run (or, with resume, the summary of a run whose folds finished), paths as in {@link #candidate}. */
    public static ExperimentTask whole(RunnerSetup setup, String label, Path experiment, ExperimentConfig config,
                                       List<String> overrides, boolean resume, boolean startIfNothingToResume) {
        return new ExperimentTask(setup, label, absolute(experiment), setup.withAbsolutePaths(config, overrides), null,
                null, resume, startIfNothingToResume);
    }

    /** One fold into {@code runDir} (resumed from its checkpoint when an earlier attempt left one). */
    public static ExperimentTask fold(RunnerSetup setup, String label, Path experiment, ExperimentConfig config,
                                      List<String> overrides, Path runDir, int fold) {
        return new ExperimentTask(setup, label, absolute(experiment), setup.withAbsolutePaths(config, overrides),
                absolute(runDir), fold, true, false);
    }

    /** Executors on other machines have other working directories. */
    static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    /**
     * The run folder and its metrics ({@code metrics.json} of the run, or of the fold), as JSON text: it is what the
     * folder holds anyway, and a Spark result must be {@link java.io.Serializable}, which the records need not be.
     */
    public record Result(String runDir, String metricsJson) implements java.io.Serializable {
        public RunMetrics metrics() {
            return RunMetrics.parse(metricsJson, runDir);
        }
    }

    @Override
    public String describe() {
        return label;
    }

    @Override
    public Result run() throws Exception {
        ExecutorPaths.require("experiment", Path.of(experiment));
        ExecutorPaths.require("model registry", Path.of(setup.registryFile()));
        ModelRegistry registry = setup.registry();
        ExperimentConfig config = ConfigLoader.withRegistry(registry).load(Path.of(experiment), overrides);
        requireInputs(registry, config);
        if (store == null) {
            return run(registry, config, runDir);
        }
        String out = outputDir();
        try (TaskStaging staging = TaskStaging.open(store)) {
            if (fold != null) {
                staging.downloadFold(runDir, fold);
            } else if (resume) {
                staging.downloadLatestUnfinishedRun(out);
            }
            // the same config writing into this executor's staging folder
            ExperimentConfig local = new ExperimentConfig(config.name(), config.task(), config.data(), config.model(),
                    config.train(), config.eval(), new OutputConfig(staging.local(out)));
            Result r;
            try {
                r = run(registry, local, runDir == null ? null : staging.local(runDir).toString(), staging.mirror(out));
            } catch (Exception e) {
                try {
                    staging.sync(out); // the run's failed status and its files, for the retry or re-submit
                } catch (IOException | RuntimeException upload) {
                    e.addSuppressed(upload);
                }
                throw e;
            }
            staging.sync(out);
            // the driver's names: its staging folder stands for the store
            Path driverPath = Path.of(out).resolve(staging.local(out).relativize(Path.of(r.runDir())));
            return new Result(driverPath.toString(), r.metricsJson());
        }
    }

    /**
     * Everything the run reads, checked on this executor before any work (the experiment file and the model registry
     * already were, as {@link #run()} loaded them): the config's own input paths and the model folder a registry name
     * stands for (absolute as the driver resolved them), and a fold's run folder. Results folders are made by the
     * run, so they are not checked.
     */
    private void requireInputs(ModelRegistry registry, ExperimentConfig config) throws ExecutorPaths.Missing {
        for (ExperimentPaths.Entry e : ExperimentPaths.of(config)) {
            if (e.input()) {
                ExecutorPaths.require(e.key(), e.path());
            }
        }
        if (config.model().init() != null) {
            ExecutorPaths.require("model.init " + config.model().init(), registry.location(config.model().init()));
        }
        if (store == null && runDir != null) {
            ExecutorPaths.require("run folder", Path.of(runDir));
        }
    }

    /** The experiment's results folder as the overrides give it (a sweep candidate's or run's, always given). */
    private String outputDir() {
        String out = null;
        for (String o : overrides) {
            if (o.startsWith(OUTPUT_DIR)) {
                out = o.substring(OUTPUT_DIR.length());
            }
        }
        if (out == null) {
            throw new IllegalStateException(label + ": a task on a results store needs output.dir among its overrides");
        }
        return out;
    }

    private Result run(ModelRegistry registry, ExperimentConfig config, String dir, TrainingListener... extra)
            throws Exception {
        ExperimentRunner runner = new ExperimentRunner(registry);
        Function<String, TrainingListener> listeners =
                extra.length == 0 && hook == null ? null : label -> {
                    List<TrainingListener> all = new ArrayList<>(List.of(extra));
                    all.add(hook == null ? null : hook.forRun(label));
                    return TrainingListener.all(
                            all.toArray(TrainingListener[]::new));
                };
        ExperimentRunner.Options options = new ExperimentRunner.Options(resume, setup.base(), listeners,
                startIfNothingToResume);
        if (fold != null) {
            RunMetrics m = runner.runFold(config, Path.of(dir), fold, options);
            return new Result(Path.of(dir).resolve("fold-" + (fold + 1)).toString(), m.toJson());
        }
        ExperimentRunner.Result r = runner.run(config, options);
        return new Result(r.runDir().toString(), r.metrics().toJson());
    }
}
