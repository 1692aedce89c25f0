package org.clinicalbert.workbench.runs;

import org.clinicalbert.workbench.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** status.json: the shared schema written and read back; the older two-field files still read; a resume keeps history. */
class RunStatusTest {

    @TempDir
    Path dir;

    @Test
    void writtenAndReadBackAndResumed() throws IOException {
        RunStatus s = RunStatus.started("run", "./workbench run a.yaml --resume")
                .withCheckpoint(25, new RunStatus.Progress(25, 57, "steps"), new RunStatus.Best("dev.accuracy", 0.75))
                .withState(RunState.FAILED, "boom");
        s.write(dir);
        RunStatus back = RunStatus.read(dir).orElseThrow();
        assertEquals(s, back);

        RunStatus again = back.resumed("./workbench run a.yaml --resume-or-start");
        assertEquals(RunState.RUNNING, again.state());
        assertEquals(s.started(), again.started(), "the first start is kept");
        assertEquals(25L, again.lastCheckpointStep());
        assertEquals(new RunStatus.Best("dev.accuracy", 0.75), again.best());
        assertEquals("./workbench run a.yaml --resume-or-start", again.resume());
    }

    @Test
    void olderFilesWithStateAndMessageOnlyStillRead() throws IOException {
        Files.writeString(dir.resolve("status.json"), "{\"state\": \"finished\", \"message\": \"\", \"updated\": "
                + "\"2026-01-01T00:00:00Z\", \"future_field\": [1, 2]}");
        RunStatus s = RunStatus.read(dir).orElseThrow();
        assertEquals(RunState.FINISHED, s.state());
        assertEquals("2026-01-01T00:00:00Z", s.updated());
        assertNull(s.kind());
        assertNull(s.progress());
        assertNull(s.best());
        assertNull(s.lastCheckpointStep());
        assertEquals("run", FolderStatus.of(dir).orElseThrow().kind());
    }

    @Test
    void statesAreWrittenAsTheWordsStatusJsonAlwaysHeld() throws IOException {
        // the words of docs/data-formats.md and of every folder written before the states became a type
        Map<RunState, String> words = Map.of(RunState.RUNNING, "running", RunState.FINISHED, "finished",
                RunState.FAILED, "failed", RunState.INTERRUPTED, "interrupted");
        for (Map.Entry<RunState, String> e : words.entrySet()) {
            RunStatus.started("run", null).withState(e.getKey(), null).write(dir);
            String json = Files.readString(dir.resolve(RunStatus.FILE));
            assertEquals(e.getValue(), Json.MAPPER.readTree(json).get("state").asText(), json);
            assertEquals(e.getKey(), RunStatus.stateOf(dir));
        }
    }

    @Test
    void aStateThisVersionDoesNotKnowReadsAsUnknown() throws IOException {
        assertEquals(RunState.UNKNOWN, RunStatus.stateOf(dir), "no status.json");
        Files.writeString(dir.resolve("status.json"), "{\"state\": \"paused\", \"message\": \"by hand\"}");
        RunStatus s = RunStatus.read(dir).orElseThrow();
        assertEquals(RunState.UNKNOWN, s.state());
        assertEquals("by hand", s.message(), "the rest of the file still reads");
        assertEquals(RunState.UNKNOWN, FolderStatus.of(dir).orElseThrow().shown());
        Files.writeString(dir.resolve("status.json"), "{\"message\": \"no state at all\"}");
        assertEquals(RunState.UNKNOWN, RunStatus.stateOf(dir));
    }
}
