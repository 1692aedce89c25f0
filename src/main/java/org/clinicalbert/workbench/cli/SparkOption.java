package org.clinicalbert.workbench.cli;

import picocli.CommandLine.Option;

/**
 * {@code --spark MASTER}, shared by the commands that can run on Spark. This class names no Spark type: the
 * commands load, and run locally, without Spark on the class path; {@link #master()} checks it is there before
 * any class of the {@code spark} package is touched.
 */
final class SparkOption {

    @Option(names = "--spark", paramLabel = "MASTER", description = "run on Apache Spark: local[N] (N tasks in this "
            + "JVM), spark://HOST:7077, yarn, k8s://https://HOST:443, local-cluster[W,C,MB]; task attempts: "
            + "-Dspark.task.maxFailures (default 4)")
    String master;

    boolean enabled() {
        return master != null;
    }

    /** The master URL, once Spark's classes are known to be on the class path. */
    String master() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("--spark needs Spark 3.3 on the class path: run through ./workbench (it "
                    + "reads target/spark-classpath.txt, written by mvn package) or spark-submit the jar of "
                    + "mvn -Pcluster package");
        }
        return master;
    }
}
