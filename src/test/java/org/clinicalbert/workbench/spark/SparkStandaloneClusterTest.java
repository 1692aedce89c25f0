package org.clinicalbert.workbench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sweep on a real Spark standalone cluster: a master and a worker, each its own JVM, the worker (and so the executor
 * it launches, in a folder under the worker's) in a working directory that is not the driver's. The experiment is
 * the bundled demo with its relative {@code data.corpus_dir}; the driver resolves it before shipping the candidates,
 * so the executor reads the driver's files, and the candidates score exactly as the local sequential runner's.
 *
 * <p>No Spark distribution is needed: with {@code SPARK_TESTING=1} the worker builds the executor's class path
 * without {@code SPARK_HOME/jars}, and the driver hands the executors this JVM's class path and module options.
 */
class SparkStandaloneClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sweepWithRelativeDataPathsOnAStandaloneClusterScoresAsTheLocalRunner() throws Exception {
        // the bundled demo experiment as it is (data.corpus_dir: experiments/demo-data/mednli, relative), one epoch
        Path sweep = dir.resolve("grid.yaml");
        Files.writeString(sweep, """
                experiment: experiments/demo.yaml
                search: grid
                set:
                  train.epochs: 1
                  model.max_seq_length: 24
                parameters:
                  train.lr: [1.0e-3, 3.0e-3]
                score: dev.accuracy
                """);
        assertFalse(Path.of("experiments/demo.yaml").isAbsolute());
        assertTrue(Files.isDirectory(Path.of("experiments/demo-data/mednli")), "run from the repository root");
        Path workerHome = Files.createDirectories(dir.resolve("worker"));
        assertFalse(Files.exists(workerHome.resolve("experiments/demo-data/mednli")),
                "the worker's folder must not hold the data: only the driver's path finds it");

        CliRun local = CliRun.of("sweep", sweep.toString(), "--out", dir.resolve("local").toString(), "--no-progress");
        assertEquals(0, local.code(), local.out() + local.err());

        int port = freePort();
        List<Process> cluster = new ArrayList<>();
        List<String> opens = moduleOptions();
        try {
            Path masterHome = Files.createDirectories(dir.resolve("master"));
            cluster.add(start(masterHome, opens, Map.of(), "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0"));
            awaitPort(port, cluster.get(0), masterHome);
            cluster.add(start(workerHome, opens, Map.of(
                            // the executor class path from the driver's spark.executor.extraClassPath, not SPARK_HOME/jars
                            "SPARK_TESTING", "1", "SPARK_SCALA_VERSION", "2.12", "SPARK_HOME", workerHome.toString()),
                    "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0", "--webui-port", "0",
                    "--cores", "1", "--memory", "2g", "--work-dir", workerHome.resolve("work").toString(),
                    "spark://127.0.0.1:" + port));

            Map<String, String> driver = Map.of(
                    "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                    "spark.executor.extraJavaOptions", String.join(" ", opens),
                    "spark.executor.memory", "1g",
                    "spark.executorEnv.OMP_NUM_THREADS", "1",
                    "spark.driver.host", "127.0.0.1",
                    "spark.driver.bindAddress", "127.0.0.1",
                    "spark.ui.enabled", "false");
            driver.forEach(System::setProperty);
            CliRun onCluster;
            try {
                onCluster = CliRun.of("sweep", sweep.toString(), "--out", dir.resolve("cluster").toString(),
                        "--spark", "spark://127.0.0.1:" + port, "--no-progress");
            } finally {
                driver.keySet().forEach(System::clearProperty);
            }
            assertEquals(0, onCluster.code(), onCluster.out() + onCluster.err() + logs(workerHome));
        } finally {
            stop(cluster);
        }

        JsonNode a = JSON.readTree(dir.resolve("local/sweep.json").toFile());
        JsonNode b = JSON.readTree(dir.resolve("cluster/sweep.json").toFile());
        assertEquals(2, a.get("finished").asInt());
        assertEquals(2, b.get("finished").asInt());
        for (int i = 0; i < 2; i++) {
            JsonNode la = a.get("candidates").get(i);
            JsonNode cb = b.get("candidates").get(i);
            assertEquals(la.get("parameters"), cb.get("parameters"));
            // same seeds, same data: every dev and test metric, not only the score
            assertEquals(la.get("score").asDouble(), cb.get("score").asDouble(), 0.0);
            assertEquals(la.get("dev"), cb.get("dev"));
            assertEquals(la.get("test"), cb.get("test"));
            // and the same training, step by step (loss, learning rate, gradient norm of every step)
            Path localRun = onlyRun(dir.resolve("local/candidate-" + (i + 1)));
            Path clusterRun = onlyRun(dir.resolve("cluster/candidate-" + (i + 1)));
            assertEquals(Files.readString(localRun.resolve("steps.csv")),
                    Files.readString(clusterRun.resolve("steps.csv")));
            // the executor's run recorded the path the driver resolved: the repository's demo data
            Path config = clusterRun.resolve("config.yaml");
            String corpus = Path.of("experiments/demo-data/mednli").toAbsolutePath().normalize().toString();
            assertTrue(Files.readString(config).contains("corpus_dir: " + corpus), Files.readString(config));
        }
        // the executor really ran elsewhere: its folder is under the worker's, not the driver's working directory
        try (Stream<Path> apps = Files.list(workerHome.resolve("work"))) {
            assertTrue(apps.anyMatch(p -> p.getFileName().toString().startsWith("app-")), "no executor folder");
        }
    }

    private static Path onlyRun(Path candidate) throws IOException {
        try (Stream<Path> runs = Files.list(candidate)) {
            List<Path> dirs = runs.filter(Files::isDirectory).toList();
            assertEquals(1, dirs.size(), candidate.toString());
            return dirs.get(0);
        }
    }

    /** The {@code --add-opens} options this JVM runs with (pom.xml's jvm.opens): Spark needs them on Java 17. */
    private static List<String> moduleOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).toList();
    }

    /** A JVM running {@code main} with this JVM's class path in {@code home}, its output in {@code home/out.log}. */
    private static Process start(Path home, List<String> opens, Map<String, String> env, String main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        cmd.addAll(opens);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("out.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process master, Path home) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (!master.isAlive()) {
                fail("the master exited: " + Files.readString(home.resolve("out.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        fail("the master did not listen on " + port + " within 60 s: " + Files.readString(home.resolve("out.log")));
    }

    /** The worker's and its executors' output, for a failure message. */
    private static String logs(Path workerHome) throws IOException {
        StringBuilder sb = new StringBuilder("\nworker: ").append(Files.readString(workerHome.resolve("out.log")));
        if (Files.isDirectory(workerHome.resolve("work"))) {
            try (Stream<Path> files = Files.walk(workerHome.resolve("work"))) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                    String text = Files.readString(f);
                    sb.append("\n").append(f).append(": ").append(text.substring(Math.max(0, text.length() - 4000)));
                }
            }
        }
        return sb.toString();
    }

    /** The worker (and the executors it started) before the master; each given 20 s to stop, then killed. */
    private static void stop(List<Process> cluster) throws InterruptedException {
        for (int i = cluster.size() - 1; i >= 0; i--) {
            Process p = cluster.get(i);
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            children.forEach(ProcessHandle::destroy);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle c : children) {
                try {
                    c.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    c.destroyForcibly();
                }
            }
        }
    }
}
