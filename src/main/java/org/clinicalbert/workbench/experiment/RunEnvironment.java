package org.clinicalbert.workbench.experiment;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Provenance of a run: backend, versions, threads, machine, seed and the git commit of the code. */
public final class RunEnvironment {

    private RunEnvironment() {
    }

    public static Map<String, Object> capture(long seed, Path workingDir) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("started", Instant.now().toString());
        env.put("seed", seed);
        env.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        env.put("nd4j_build", org.clinicalbert.workbench.runtime.NativeBuild.select().classifier());
        env.put("nd4j_library", org.clinicalbert.workbench.runtime.NativeBuild.loadedLibrary());
        env.put("dl4j_version", "1.0.0-M2.1");
        env.put("java_version", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("available_processors", Runtime.getRuntime().availableProcessors());
        env.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        env.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
        env.put("git_commit", git(workingDir, "rev-parse", "HEAD"));
        String dirty = git(workingDir, "status", "--porcelain");
        env.put("git_dirty", dirty == null ? null : !dirty.isBlank());
        return env;
    }

    /** Output of a git command, or null where git or the repository is absent. */
    private static String git(Path dir, String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
