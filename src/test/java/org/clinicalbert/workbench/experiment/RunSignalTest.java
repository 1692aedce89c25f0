package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.FolderStatus;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM stops a run with its status saying interrupted, the last checkpoint's step and how to resume. */
class RunSignalTest {

    @TempDir
    Path tmp;

    @Test
    void sigtermRecordsInterruptedWithTheLastCheckpointAndTheResumeCommand() throws Exception {
        Path corpus = RunnerFixture.corpora(tmp.resolve("data"), RunnerFixture.SIZE).resolve("mednli");
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        String resume = "./workbench run s.yaml --resume";
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SignalledRun.class.getName(),
                corpus.toString(), out.toString(), resume));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr.txt").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.equals("checkpoint 10"));
            assertEquals("checkpoint 10", line, "the run reached its step-10 checkpoint");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(143, p.exitValue(), "exits non-zero, as a signalled process does");
        } finally {
            p.destroyForcibly();
        }
        Path run = RunnerFixture.runFolders(out).stream().filter(d -> !d.getFileName().toString().equals("models"))
                .findFirst().orElseThrow();
        JsonNode status = RunnerFixture.readJson(run.resolve("status.json"));
        assertEquals("interrupted", status.path("state").asText());
        assertEquals(10, status.path("last_checkpoint_step").asLong());
        assertEquals(resume, status.path("resume").asText());
        assertEquals("stopped by a signal; last checkpoint at step 10; resume with: " + resume,
                status.path("message").asText());
        assertTrue(Files.readString(tmp.resolve("stderr.txt")).contains("interrupted: " + run
                + ": last checkpoint at step 10; resume with: " + resume));
        assertEquals("interrupted", FolderStatus.of(run).orElseThrow().shown().id());
        // evaluations at 5 and 10 are on disk
        assertEquals(3, Files.readAllLines(run.resolve("epochs.csv")).size());
    }
}
