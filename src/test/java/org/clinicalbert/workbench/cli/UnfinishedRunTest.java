package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.runs.RunLock;
import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code export} and {@code predict} on a run folder that did not finish say so, with the command that resumes it,
 * instead of failing on the final model that is not there yet. The folders are written as a run writes them while
 * it trains (config.yaml, status.json, steps.csv, checkpoints, no model/); {@code ReadmeWorkflowsTest} does the
 * same on a run really killed with SIGTERM.
 */
class UnfinishedRunTest {

    private static final String RESUME = "./workbench run results/demo/20261207-100000/config.yaml --resume";

    @TempDir
    Path tmp;

    private Path run(RunStatus status) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("results/demo/20261207-100000"));
        Files.writeString(dir.resolve("config.yaml"), "name: demo\ntask: mednli\n");
        Files.writeString(dir.resolve("steps.csv"), "step,loss\n1,1.1\n");
        Files.createDirectories(dir.resolve("checkpoints"));
        status.write(dir);
        return dir;
    }

    private static RunStatus interrupted() {
        return RunStatus.started("run", RESUME).withCheckpoint(20, new RunStatus.Progress(20, 64, "steps"), null)
                .withState(RunState.INTERRUPTED, "stopped by a signal; last checkpoint at step 20");
    }

    /** Exit 2, one line naming status.json, and nothing written at the output. */
    private void assertRefused(CliRun r, Path status, String says, Path out) {
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of("error: " + status + ": " + says), r.err().strip().lines().toList());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void interruptedRunGivesTheResumeCommand() throws Exception {
        Path dir = run(interrupted());
        String says = "the run did not finish: it was interrupted after its checkpoint at step 20; resume it with: "
                + RESUME;
        Path out = tmp.resolve("export");
        assertRefused(CliRun.of("export", "--run", dir.toString(), "--format", "hf", "--out", out.toString()),
                dir.resolve("status.json"), says, out);
        Path predictions = tmp.resolve("p.json");
        assertRefused(CliRun.of("predict", "--model", dir.toString(), "--input",
                        "experiments/demo-data/mednli/mli_test_v1.jsonl", "--out", predictions.toString()),
                dir.resolve("status.json"), says, predictions);
        // the run's model/ folder named directly: the run above it is checked
        Files.createDirectories(dir.resolve("model"));
        assertRefused(CliRun.of("predict", "--model", dir.resolve("model").toString(), "--input",
                        "experiments/demo-data/mednli/mli_test_v1.jsonl", "--out", predictions.toString()),
                dir.resolve("status.json"), says, predictions);
    }

    @Test
    void killedWithoutASignalReadsInterruptedToo() throws Exception {
        // kill -9: the status still says running, but no process holds the run's lock
        Path dir = run(RunStatus.started("run", RESUME));
        Path out = tmp.resolve("export");
        assertRefused(CliRun.of("export", "--run", dir.toString(), "--format", "tf", "--out", out.toString()),
                dir.resolve("status.json"), "the run did not finish: it was interrupted before its first checkpoint; "
                        + "resume it with: " + RESUME, out);
    }

    @Test
    void failedRunSaysWhyAndHowToResume() throws Exception {
        Path dir = run(interrupted().withState(RunState.FAILED, "out of memory at step 21"));
        Path out = tmp.resolve("export");
        assertRefused(CliRun.of("export", "--run", dir.toString(), "--format", "hf", "--out", out.toString()),
                dir.resolve("status.json"), "the run did not finish: it failed (out of memory at step 21); resume it "
                        + "with: " + RESUME, out);
    }

    @Test
    void runningRunSaysToWait() throws Exception {
        Path dir = run(RunStatus.started("run", RESUME).withProgress(new RunStatus.Progress(12, 64, "steps")));
        try (RunLock lock = RunLock.acquire(dir, m -> { })) {
            Path out = tmp.resolve("p.json");
            assertRefused(CliRun.of("predict", "--model", dir.toString(), "--input",
                            "experiments/demo-data/mednli/mli_test_v1.jsonl", "--out", out.toString()),
                    dir.resolve("status.json"), "the run is still running (12/64 steps): wait for it to finish "
                            + "(./workbench status shows where it is)", out);
        }
    }
}
