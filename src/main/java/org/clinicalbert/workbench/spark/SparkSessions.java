package org.clinicalbert.workbench.spark;

import org.apache.spark.sql.SparkSession;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place a Spark session is made for a {@code --spark MASTER}. Local masters get Spark's retry count
 * ({@code local[N]} never retries a task: it becomes {@code local[N,F]}), no web UI and a loop-back driver address;
 * their N tasks share this JVM, so each run is capped to (cores / N) native threads ({@link ThreadPolicy}; the
 * launcher's OMP_NUM_THREADS=1 already keeps OpenMP to one thread). Other masters ({@code spark://}, {@code yarn},
 * {@code k8s://}, {@code local-cluster[...]}) get {@code spark.task.maxFailures}; under {@code spark-submit} the
 * submit-time settings (executors, GPUs, jars) apply as given.
 */
public final class SparkSessions {

    private static final Logger log = LoggerFactory.getLogger(SparkSessions.class);
    /** local, local[4], local[*], local[4,2], local[*,2] */
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,(\\d+))?])?");

    private SparkSessions() {
    }

    public static SparkSession open(String master, String appName, int maxFailures) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            int slots = slots(master);
            b.master(withRetries(master, maxFailures))
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, slots)));
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / slots);
            System.setProperty(ThreadPolicy.TASK_THREADS_PROPERTY, String.valueOf(threads));
            log.info("Spark {}: {} task(s) at once in this JVM, at most {} native thread(s) each", master, slots, threads);
        } else {
            b.master(master).config("spark.task.maxFailures", String.valueOf(maxFailures));
        }
        return b.getOrCreate();
    }

    /** {@code local[N]} with Spark's attempt count: local mode ignores spark.task.maxFailures. */
    static String withRetries(String master, int maxFailures) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a local master: " + master);
        }
        if (m.group(2) != null) {
            return master; // the user's own local[N,F]
        }
        String n = m.group(1) == null ? "1" : m.group(1);
        return "local[" + n + "," + maxFailures + "]";
    }

    /** Tasks a local master runs at once. */
    static int slots(String master) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a local master: " + master);
        }
        String n = m.group(1);
        return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(n));
    }
}
