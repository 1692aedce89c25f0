package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.experiment.RunMetrics;

import java.nio.file.Path;
import java.util.List;

/**
 * One experiment run, or one fold of a cross-validated one, as a Spark task: the experiment file and its
 * {@code --set} overrides (a sweep candidate's, {@code output.dir} included). On the executor it is
 * {@link ExperimentRunner} exactly as {@code workbench run} uses it, so the run folder is the local one.
 *
 * @param runDir  a fold task: the run folder the driver chose; null for a whole run
 * @param fold    0-based fold index, or null for a whole run (with cross-validation: its summary, reading back
 *                finished folds)
 * @param resume  continue the newest unfinished run of {@code output.dir} (its checkpoint, its finished folds)
 * @param startIfNothingToResume with {@code resume}: start a new run when there is none to continue
 */
public record ExperimentTask(RunnerSetup setup, String label, String experiment, List<String> overrides,
                             String runDir, Integer fold, boolean resume, boolean startIfNothingToResume)
        implements SparkTask<ExperimentTask.Result> {

    public ExperimentTask {
        overrides = List.copyOf(overrides);
    }

    /** A whole run that continues its unfinished attempt or starts one (a sweep candidate). */
    public static ExperimentTask candidate(RunnerSetup setup, String label, Path experiment, List<String> overrides) {
        return new ExperimentTask(setup, label, absolute(experiment), overrides, null, null, true, true);
    }

    /** One fold into {@code runDir} (resumed from its checkpoint when an earlier attempt left one). */
    public static ExperimentTask fold(RunnerSetup setup, String label, Path experiment, List<String> overrides,
                                      Path runDir, int fold) {
        return new ExperimentTask(setup, label, absolute(experiment), overrides, absolute(runDir), fold, true, false);
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
        ModelRegistry registry = setup.registry();
        ExperimentConfig config = org.clinicalbert.workbench.experiment.config.ConfigLoader.withRegistry(registry)
                .load(Path.of(experiment), overrides);
        ExperimentRunner runner = new ExperimentRunner(registry);
        ExperimentRunner.Options options = new ExperimentRunner.Options(resume, setup.base(), null,
                startIfNothingToResume);
        if (fold != null) {
            RunMetrics m = runner.runFold(config, Path.of(runDir), fold, options);
            return new Result(Path.of(runDir).resolve("fold-" + (fold + 1)).toString(), m.toJson());
        }
        ExperimentRunner.Result r = runner.run(config, options);
        return new Result(r.runDir().toString(), r.metrics().toJson());
    }
}
