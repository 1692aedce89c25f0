/**
 * Scale-out on Apache Spark: a Spark session for a master URL ({@link org.clinicalbert.workbench.spark.SparkSessions}),
 * a service that runs independent, serializable task descriptions as Spark jobs and hands their outcomes back to the
 * driver ({@link org.clinicalbert.workbench.spark.SparkTaskRunner}), the task descriptions themselves (an experiment
 * or one of its cross-validation folds, a pretraining-data shard, a range of texts to embed), and the drivers of
 * {@code sweep --spark}, {@code run --spark}, {@code pretrain-data --spark} and {@code embed --spark}. Tasks describe
 * work by absolute paths and overrides (an experiment's relative paths resolved by the driver against its working
 * directory, {@code RunnerSetup.withAbsolutePaths}); on the executor a task first checks that the paths it reads are
 * there ({@code ExecutorPaths}: a missing one ends the command with one line naming the host). The executor side reuses the workbench's own runners ({@code ExperimentRunner},
 * {@code PretrainingDataGenerator}, {@code EmbedJob}), so a task's files are exactly those of a local run.
 *
 * <p>Results may go to a Hadoop file system URI ({@link org.clinicalbert.workbench.spark.ResultsStore}): the driver
 * and each task then work in local staging folders ({@code DriverStaging}, {@code TaskStaging}) that are mirrored to
 * the store as files change, checkpoints included, so that the java.nio code of runs and sweeps stays as it is.
 *
 * <p>Spark is a {@code provided} dependency: this package is the only one (with {@code data.mimic.MimicSparkFormatter})
 * that imports {@code org.apache.spark}, and nothing outside {@code cli} may import this package, so the local
 * paths ({@code sweep}, {@code experiment}, {@code data}) load without Spark on the class path. Commands reach it
 * only after {@code cli.SparkOption} has checked that Spark is there.
 *
 * <p>Must not import: {@code cli}, {@code bench} (commands drive this package, not the other way round).
 */
package org.clinicalbert.workbench.spark;
