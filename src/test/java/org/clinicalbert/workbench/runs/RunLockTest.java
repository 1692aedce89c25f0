package org.clinicalbert.workbench.runs;

import org.clinicalbert.workbench.experiment.RunLockHolder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One owner per run folder: a live second process is refused, a dead one's lock is taken over with a message. */
class RunLockTest {

    @TempDir
    Path dir;

    @Test
    void aLiveProcessKeepsTheFolderAndADeadOnesLockIsTakenOver() throws Exception {
        Path run = dir.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RunLockHolder.class.getName(), run.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            RunLock.Owner owner = RunLock.owner(run).orElseThrow();
            assertEquals(other.pid(), owner.pid());
            assertTrue(owner.alive());

            RunLock.FolderInUseException e = assertThrows(RunLock.FolderInUseException.class, () -> RunLock.acquire(run, m -> { }));
            assertEquals(run + ": in use by " + owner + "; two processes must not write one run folder (wait for it "
                    + "to end, or stop it and --resume)", e.getMessage());

            other.destroyForcibly(); // as kill -9: the lock file stays, the OS lock goes
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.exists(run.resolve(RunLock.FILE)));
            assertFalse(RunLock.owner(run).orElseThrow().alive());
            List<String> notices = new ArrayList<>();
            try (RunLock mine = RunLock.acquire(run, notices::add)) {
                assertEquals(List.of(run + ": taking over the lock of " + owner + ", which is no longer running"), notices);
                assertEquals(ProcessHandle.current().pid(), RunLock.owner(run).orElseThrow().pid());
                // a second run in this same process is refused as well
                assertThrows(RunLock.FolderInUseException.class, () -> RunLock.acquire(run, m -> { }));
            }
            assertFalse(Files.exists(run.resolve(RunLock.FILE)), "released: the folder is free");
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aFreeFolderIsTakenQuietly() throws IOException {
        List<String> notices = new ArrayList<>();
        try (RunLock lock = RunLock.acquire(dir, notices::add)) {
            assertTrue(notices.isEmpty());
            assertTrue(RunLock.owner(dir).orElseThrow().alive());
        }
    }
}
