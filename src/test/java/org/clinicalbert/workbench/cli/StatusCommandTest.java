package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.runs.FolderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** workbench status: every folder with a status.json, old and new format, a dead owner's "running" shown interrupted. */
class StatusCommandTest {

    @TempDir
    Path results;

    private static final String NOW = "2026-11-30T12:00:00Z";

    private Path folder(String rel, String statusJson) throws IOException {
        Path d = Files.createDirectories(results.resolve(rel));
        Files.writeString(d.resolve("status.json"), statusJson);
        return d;
    }

    private static String host() throws IOException {
        return InetAddress.getLocalHost().getHostName();
    }

    private void fixture() throws IOException {
        folder("demo/20261130-100000", """
                {"state": "finished", "message": "", "kind": "run", "updated": "2026-11-30T11:59:15Z",
                 "started": "2026-11-30T11:50:00Z", "progress": {"done": 57, "total": 57, "unit": "steps"},
                 "best": {"metric": "dev.accuracy", "value": 0.9125}, "phase": null, "last_checkpoint_step": 57,
                 "resume": "./workbench run demo.yaml --resume", "extra": "ignored"}""");
        // a kill -9: still says running, its lock names a process that is gone
        Path killed = folder("demo/20261130-110000", """
                {"state": "running", "message": "train", "kind": "run", "updated": "2026-11-30T09:00:00Z",
                 "started": "2026-11-30T08:00:00Z", "progress": {"done": 25, "total": 57, "unit": "steps"},
                 "best": null, "phase": null, "last_checkpoint_step": 25, "resume": "./workbench run x.yaml --resume"}""");
        Process gone = new ProcessBuilder("true").start();
        try {
            gone.waitFor();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(killed.resolve("run.lock"), "{\"pid\": " + gone.pid() + ", \"host\": \"" + host()
                + "\", \"started\": \"2026-11-30T08:00:00Z\"}");
        // a sweep in the older format: state and message only
        Path sweep = folder("sweeps/lr", "{\"state\": \"failed\", \"message\": \"disk full\"}");
        Files.writeString(sweep.resolve("sweep.json"), "{}");
        // a live owner (this test's own process) keeps "running"
        Path live = folder("demo/20261130-113000", """
                {"state": "running", "kind": "run", "updated": "2026-11-30T11:58:00Z",
                 "progress": {"done": 3, "total": 4, "unit": "candidates"}}""");
        Files.writeString(live.resolve("run.lock"), "{\"pid\": " + ProcessHandle.current().pid() + ", \"host\": \""
                + host() + "\", \"started\": \"2026-11-30T11:58:00Z\"}");
        Files.createDirectories(results.resolve("demo/empty-folder")); // no status.json: not listed
    }

    @Test
    void tableShowsKindStateProgressBestAndAge() throws IOException {
        fixture();
        StatusCommand c = new StatusCommand();
        c.root = results;
        String table = c.table(FolderStatus.scan(results), Instant.parse(NOW));
        assertEquals("""
                FOLDER                KIND   STATE        PROGRESS              BEST                 AGE
                demo/20261130-100000  run    finished     57/57 steps (100%)    dev.accuracy 0.9125  45s
                demo/20261130-110000  run    interrupted  25/57 steps (44%)     -                    3h
                demo/20261130-113000  run    running      3/4 candidates (75%)  -                    2m
                sweeps/lr             sweep  failed       -                     -                    -
                """, table);
    }

    @Test
    void jsonAndErrors() throws IOException {
        fixture();
        CommandLine cl = Workbench.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("status", results.toString(), "--json"), err.toString());
        JsonNode rows = new ObjectMapper().readTree(out.toString());
        assertEquals(4, rows.size());
        JsonNode killed = rows.get(1);
        assertEquals("interrupted", killed.path("state").asText());
        assertEquals("running", killed.path("recorded_state").asText());
        assertEquals(25, killed.path("last_checkpoint_step").asLong());
        assertEquals("./workbench run x.yaml --resume", killed.path("resume").asText());
        assertEquals(0.9125, rows.get(0).path("best").path("value").asDouble());
        assertEquals("sweep", rows.get(3).path("kind").asText());

        Path missing = results.resolve("nope");
        StringWriter err2 = new StringWriter();
        cl.setErr(new PrintWriter(err2));
        assertEquals(2, cl.execute("status", missing.toString()));
        assertEquals("error: " + missing + ": no such results folder\n", err2.toString());
    }
}
