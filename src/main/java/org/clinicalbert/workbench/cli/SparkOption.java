package org.clinicalbert.workbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import org.clinicalbert.workbench.io.UserInputException;

import java.util.regex.Pattern;

/**
 * {@code --spark MASTER}, shared by the commands that can run on Spark. This class names no Spark type: the
 * commands load, and run locally, without Spark on the class path; {@link #master()} checks it is there before
 * any class of the {@code spark} package is touched.
 */
final class SparkOption {

    @Option(names = "--spark", paramLabel = "MASTER", converter = MasterUrl.class, description = "run on Apache Spark: local[N] (N tasks in this "
            + "JVM), spark://HOST:7077, yarn, k8s://https://HOST:443, local-cluster[W,C,MB]; task attempts: "
            + "-Dspark.task.maxFailures (default 4)")
    String master;

    boolean enabled() {
        return master != null;
    }

    /**
     * The master URLs Spark 3.3 accepts (SparkContext.createTaskScheduler's patterns, and the cluster managers it
     * finds by prefix). Checked here because Spark itself refuses a misspelt one only after it has started its
     * context and logged a page of stack trace.
     */
    private static final Pattern MASTER_URL = Pattern.compile("local(\\[(\\d+|\\*)(\\s*,\\s*\\d+)?])?"
            + "|local-cluster\\[\\s*\\d+\\s*,\\s*\\d+\\s*,\\s*\\d+\\s*]"
            + "|(spark|k8s|mesos)://\\S+|yarn");

    /** A master URL as typed, refused while the command line is parsed unless Spark would take it. */
    static final class MasterUrl implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!MASTER_URL.matcher(value).matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a Spark master URL (local[N], "
                        + "local-cluster[W,C,MB], spark://HOST:7077, yarn, k8s://https://HOST:443)");
            }
            return value;
        }
    }

    /** The master URL, once Spark's classes are known to be on the class path. */
    String master() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession");
        } catch (ClassNotFoundException e) {
            throw new UserInputException("--spark needs Spark 3.3 on the class path: run through ./workbench (it "
                    + "reads target/spark-classpath.txt, written by mvn package) or spark-submit the jar of "
                    + "mvn -Pcluster package");
        }
        return master;
    }
}
