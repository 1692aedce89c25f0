package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.io.ResultsLocation;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.clinicalbert.workbench.data.mimic.FormatSummary;
import org.clinicalbert.workbench.data.mimic.MimicFormatJob;
import org.clinicalbert.workbench.data.mimic.MimicSparkFormatter;
import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.OutputConfig;
import org.clinicalbert.workbench.io.WorkFailedException;
import org.clinicalbert.workbench.study.StudyExecutor;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepListener;
import org.clinicalbert.workbench.sweep.SweepOutcome;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The commands' entry points into Spark, in plain workbench types (the {@code cli} classes never name a Spark
 * class, so they load without Spark): each opens a session for the master, runs, and stops the session.
 * {@code spark.task.maxFailures} (attempts per task, default 4 as Spark's) comes from the JVM's system properties
 * ({@code WORKBENCH_JAVA_OPTS=-Dspark.task.maxFailures=2}, or {@code --conf} under spark-submit).
 */
public final class SparkJobs {

    static final int DEFAULT_MAX_FAILURES = 4;

    private SparkJobs() {
    }

    public static int maxFailures() {
        return Integer.getInteger("spark.task.maxFailures", DEFAULT_MAX_FAILURES);
    }

    public static SweepOutcome sweep(String master, RunnerSetup setup, ConfigLoader loader, SweepConfig sweep,
                                     Integer maxCandidates, boolean splitFolds, SweepListener listener, String resume)
            throws Exception {
        return sweep(master, setup, loader, sweep, maxCandidates, splitFolds, listener, resume, null);
    }

    /**
     * @param resultsUri the sweep's folder as a Hadoop file system URI ({@link ResultsStore}); null: the sweep's
     *                   output directory, a local (or shared) path
     */
    public static SweepOutcome sweep(String master, RunnerSetup setup, ConfigLoader loader, SweepConfig sweep,
                                     Integer maxCandidates, boolean splitFolds, SweepListener listener, String resume,
                                     String resultsUri) throws Exception {
        if (resultsUri == null) {
            return withTasks(master, "sweep " + sweep.name(), tasks ->
                    new SparkSweepRunner(tasks, setup, loader).run(sweep, maxCandidates, splitFolds, listener, resume));
        }
        ResultsStore store = ResultsStore.open(resultsUri); // a scheme nothing implements fails before Spark starts
        return withTasks(master, "sweep " + sweep.name(), tasks -> {
            try (DriverStaging staging = DriverStaging.open(store)) {
                return new SparkSweepRunner(tasks, setup, loader).on(staging).run(
                        sweep.withOutputDir(staging.local()), maxCandidates, splitFolds, listener, resume);
            }
        });
    }

    /**
     * {@code run --spark}. An {@code output.dir} override that is a Hadoop file system URI puts the run on a
     * {@link ResultsStore}: the driver and the tasks work in staging folders, and the lines tell the run folder's URI.
     */
    public static ExperimentRunner.Result run(String master, RunnerSetup setup, Path experiment,
                                              List<String> overrides, ExperimentConfig config, boolean resume,
                                              boolean startIfNothingToResume, Consumer<String> foldLines)
            throws Exception {
        String uri = null;
        for (String o : overrides) {
            if (o.startsWith("output.dir=")) {
                String v = o.substring("output.dir=".length());
                uri = ResultsLocation.isUri(v) ? v : null;
            }
        }
        Consumer<TaskOutcome<ExperimentTask.Result>> lines = o -> foldLines.accept(o.ok()
                ? o.task().describe() + " finished in " + Math.round(o.seconds()) + " s"
                : o.task().describe() + " FAILED: " + o.error());
        if (uri == null) {
            return withTasks(master, "run " + config.name(), tasks -> new SparkExperimentRunner(tasks, setup).run(
                    experiment, overrides, config, resume, startIfNothingToResume, lines));
        }
        ResultsStore store = ResultsStore.open(uri);
        return withTasks(master, "run " + config.name(), tasks -> {
            try (DriverStaging staging = DriverStaging.open(store)) {
                List<String> sets = new ArrayList<>(overrides);
                sets.replaceAll(o -> o.startsWith("output.dir=") ? "output.dir=" + staging.local() : o);
                ExperimentConfig staged = new ExperimentConfig(config.name(), config.task(), config.data(),
                        config.model(), config.train(), config.eval(), new OutputConfig(staging.local()));
                ExperimentRunner.Result r = new SparkExperimentRunner(tasks, setup).on(staging).run(experiment, sets,
                        staged, resume, startIfNothingToResume, lines);
                String runUri = staging.uri(r.runDir());
                foldLines.accept("run folder: " + runUri);
                // a Path would collapse hdfs://nn/x to hdfs:/nn/x: the URI is kept as text for the user
                return new ExperimentRunner.Result(Path.of(runUri), r.metrics(), runUri);
            }
        });
    }

    /** What a study does with its executor while the Spark session is open. */
    @FunctionalInterface
    public interface StudyWork<T> {
        T run(StudyExecutor executor) throws Exception;
    }

    /** {@code study --spark}: {@code work} runs the study's phases through a {@link SparkStudyExecutor}. */
    public static <T> T study(String master, RunnerSetup setup, ConfigLoader loader, SweepListener listener,
                              StudyWork<T> work) throws Exception {
        return withTasks(master, "study", tasks -> work.run(new SparkStudyExecutor(tasks, setup, loader, listener)));
    }

    /** One task per input file; the outcomes in input order. A file that still fails after retries is an error. */
    public static List<PretrainShardTask.Result> pretrainData(String master, List<PretrainShardTask> shards)
            throws Exception {
        return withTasks(master, "pretrain-data", tasks -> {
            List<TaskOutcome<PretrainShardTask.Result>> out = new ArrayList<>();
            shards.forEach(s -> tasks.submit(s, null, out::add));
            tasks.awaitAll();
            List<String> failed = new ArrayList<>();
            out.stream().filter(o -> !o.ok()).forEach(o -> failed.add(o.task().describe() + ": " + o.error()));
            if (!failed.isEmpty()) {
                throw new WorkFailedException(failed.size() + " of " + shards.size() + " shards failed ("
                        + String.join("; ", failed) + "); finished shards are kept and skipped when re-run");
            }
            List<PretrainShardTask.Result> results = new ArrayList<>();
            shards.forEach(s -> out.stream().filter(o -> o.task() == s).findFirst()
                    .ifPresent(o -> results.add(o.result())));
            return results;
        });
    }

    /**
     * {@code embed --spark}: the texts cut into parts of whole groups, one task each, joined into one run's folder
     * ({@link SparkEmbed}); {@code lines} is told as each part ends. A part that still fails after Spark's retries
     * fails the command, naming the part; the finished parts are kept for {@code --resume}.
     */
    public static SparkEmbed.Outcome embed(String master, SparkEmbed.Request request, Consumer<String> lines)
            throws Exception {
        return SparkEmbed.run(master, request, lines, maxFailures(), null);
    }

    /** {@code mimic format --spark}: {@link MimicSparkFormatter} with as many partitions as task slots (at least 2). */
    public static FormatSummary mimicFormat(String master, MimicFormatJob.Request request) throws Exception {
        SparkSession session = SparkSessions.open(master, "mimic-format", maxFailures());
        try {
            int partitions = Math.max(2, session.sparkContext().defaultParallelism());
            return MimicSparkFormatter.run(session, request, partitions);
        } finally {
            session.stop();
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(SparkTaskRunner tasks) throws Exception;
    }

    private static <T> T withTasks(String master, String app, Work<T> work) throws Exception {
        SparkSession session = SparkSessions.open(master, app, maxFailures());
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
            return work.run(new SparkTaskRunner(sc, sc.defaultParallelism()));
        } finally {
            session.stop();
            System.clearProperty(org.clinicalbert.workbench.modelfolder.ThreadPolicy.TASK_THREADS_PROPERTY);
        }
    }
}
