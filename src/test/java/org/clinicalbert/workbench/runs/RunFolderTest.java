package org.clinicalbert.workbench.runs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which run {@code --resume} continues. */
class RunFolderTest {

    @TempDir
    Path tmp;

    private RunFolder run(String id, RunState state) throws IOException {
        Files.createDirectories(tmp.resolve(id));
        RunFolder r = RunFolder.open(tmp.resolve(id));
        status(r, state);
        return r;
    }

    private static void status(RunFolder r, RunState state) throws IOException {
        RunStatus.started("run", null).withState(state, null).write(r.dir());
    }

    @Test
    void newestUnfinishedRunIsChosenInCreationOrder() throws IOException {
        run("20260101-120000", RunState.FAILED);
        run("20260101-120000-2", RunState.FAILED);
        run("20260101-120000-10", RunState.FAILED);
        run("20260101-115959", RunState.FAILED);
        assertEquals(tmp.resolve("20260101-120000-10"), RunFolder.latestUnfinished(tmp).orElseThrow().dir(),
                "the tenth run of that second, not the second one");
    }

    @Test
    void finishedRunsAreNeverResumed() throws IOException {
        run("20260101-120000", RunState.FAILED);
        run("20260101-130000", RunState.FINISHED);
        assertEquals(tmp.resolve("20260101-120000"), RunFolder.latestUnfinished(tmp).orElseThrow().dir());
        run("20260101-120000", RunState.FINISHED);
        assertTrue(RunFolder.latestUnfinished(tmp).isEmpty());
        assertTrue(RunFolder.latestUnfinished(tmp.resolve("none")).isEmpty());
    }

    @Test
    void createNumbersRunsStartedInTheSameSecond() throws IOException {
        List<RunLock> locks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            locks.add(RunFolder.createLocked(tmp));
        }
        RunFolder a = RunFolder.open(locks.get(0).dir());
        RunFolder b = RunFolder.open(locks.get(1).dir());
        RunFolder c = RunFolder.open(locks.get(2).dir());
        // all three may fall in one second (suffixes -2, -3) or straddle a second; either way c is the newest
        status(a, RunState.FAILED);
        status(b, RunState.FAILED);
        status(c, RunState.FAILED);
        assertEquals(c.dir(), RunFolder.latestUnfinished(tmp).orElseThrow().dir());
        assertEquals(-1, Integer.signum(RunFolder.compareIds(a.dir().getFileName().toString(),
                b.dir().getFileName().toString())));
        for (RunLock l : locks) {
            l.close();
        }
    }

    @Test
    void aNewRunFolderIsLockedWhenItAppearsAndAKilledCreationLeavesNothingToAttachTo() throws IOException {
        // what a process killed between making its staging folder and renaming it leaves: a hidden folder
        Path abandoned = Files.createDirectories(tmp.resolve(".new-run-123"));
        Files.writeString(abandoned.resolve(RunLock.FILE), "{\"pid\": 1, \"host\": \"elsewhere\"}");
        assertTrue(RunFolder.latestUnfinished(tmp).isEmpty(), "a staging folder is never resumed");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minusSeconds(120)));

        try (RunLock lock = RunFolder.createLocked(tmp)) {
            Path run = lock.dir();
            assertEquals(tmp, run.getParent());
            assertTrue(run.getFileName().toString().matches("\\d{8}-\\d{6}(-\\d+)?"), run.toString());
            assertEquals(ProcessHandle.current().pid(), RunLock.owner(run).orElseThrow().pid(), "locked on arrival");
            assertThrows(RunLock.FolderInUseException.class, () -> RunLock.acquire(run, m -> { }));
            try (var s = Files.list(tmp)) {
                assertEquals(List.of(run), s.toList(), "no staging folder left, the abandoned one removed");
            }
        }
        try (var s = Files.list(tmp)) {
            Path run = s.findFirst().orElseThrow();
            assertFalse(Files.exists(run.resolve(RunLock.FILE)), "released with the lock");
        }
    }
}
