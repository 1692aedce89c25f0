package org.clinicalbert.workbench.spark;

import org.apache.spark.SparkEnv;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executor side of the paths a task reads: each must exist on the machine that runs the task. One the driver
 * named but this machine lacks (data that is not on a shared file system, a worker without the models) is no failure
 * a retry mends, so the task stops before any work with one line naming the path and this host
 * ({@link Missing}); {@link TaskExecution} hands it back as the task's reply instead of failing the attempt, and the
 * driver ends the command with it ({@link SparkTaskRunner#awaitAll}).
 */
final class ExecutorPaths {

    private ExecutorPaths() {
    }

    /** A path a task needs that is not on the executor running it. */
    static final class Missing extends Exception {
        Missing(String key, Path path, String host) {
            super(key + " " + path + ": not found on executor host " + host + " (the path must exist on every worker)");
        }
    }

    /** @param key what the path is, as the user set it ("data.corpus_dir", "experiment", ...) */
    static void require(String key, Path path) throws Missing {
        if (!Files.exists(path)) {
            throw new Missing(key, path, host());
        }
    }

    /** This machine's name; where it has none, the address Spark knows this executor by. */
    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            SparkEnv env = SparkEnv.get();
            return env == null ? "unknown" : env.blockManager().blockManagerId().host();
        }
    }
}
