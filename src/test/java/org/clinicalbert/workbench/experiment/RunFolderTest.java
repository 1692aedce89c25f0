package org.clinicalbert.workbench.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which run {@code --resume} continues. */
class RunFolderTest {

    @TempDir
    Path tmp;

    private RunFolder run(String id, String state) throws IOException {
        Files.createDirectories(tmp.resolve(id));
        RunFolder r = RunFolder.open(tmp.resolve(id));
        r.status(state, null);
        return r;
    }

    @Test
    void newestUnfinishedRunIsChosenInCreationOrder() throws IOException {
        run("20260101-120000", "failed");
        run("20260101-120000-2", "failed");
        run("20260101-120000-10", "failed");
        run("20260101-115959", "failed");
        assertEquals(tmp.resolve("20260101-120000-10"), RunFolder.latestUnfinished(tmp).orElseThrow().dir(),
                "the tenth run of that second, not the second one");
    }

    @Test
    void finishedRunsAreNeverResumed() throws IOException {
        run("20260101-120000", "failed");
        run("20260101-130000", "finished");
        assertEquals(tmp.resolve("20260101-120000"), RunFolder.latestUnfinished(tmp).orElseThrow().dir());
        run("20260101-120000", "finished");
        assertTrue(RunFolder.latestUnfinished(tmp).isEmpty());
        assertTrue(RunFolder.latestUnfinished(tmp.resolve("none")).isEmpty());
    }

    @Test
    void createNumbersRunsStartedInTheSameSecond() throws IOException {
        RunFolder a = RunFolder.create(tmp);
        RunFolder b = RunFolder.create(tmp);
        RunFolder c = RunFolder.create(tmp);
        // all three may fall in one second (suffixes -2, -3) or straddle a second; either way c is the newest
        a.status("failed", null);
        b.status("failed", null);
        c.status("failed", null);
        assertEquals(c.dir(), RunFolder.latestUnfinished(tmp).orElseThrow().dir());
        assertEquals(-1, Integer.signum(RunFolder.compareIds(a.dir().getFileName().toString(),
                b.dir().getFileName().toString())));
    }
}
