package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.embed.EmbedManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code workbench embed} and {@code workbench neighbors} as a user runs them, on the tiny demo model. */
class EmbedCommandTest {

    static final String TINY = "config/models/tiny-demo";

    private static String[] run(String... args) {
        CommandLine cmd = Workbench.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int rc = cmd.execute(args);
        return new String[]{Integer.toString(rc), out.toString(), err.toString()};
    }

    /** One "error: ..." line naming what is expected, exit 2 (bad input, as every command), no stack trace. */
    private static void assertError(String[] r, String... expected) {
        assertError("2", r, expected);
    }

    private static void assertError(String code, String[] r, String... expected) {
        assertEquals(code, r[0], r[1] + r[2]);
        List<String> lines = r[2].lines().toList();
        assertTrue(lines.size() >= 1 && lines.get(0).startsWith("error: "), r[2]);
        assertFalse(r[2].contains("\tat "), "no stack trace: " + r[2]);
        for (String x : expected) {
            assertTrue(r[2].contains(x), "'" + x + "' in: " + r[2]);
        }
    }

    @Test
    void embedsJsonlThenFindsNeighbours(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("notes.jsonl");
        Files.writeString(in, """
                {"id": "a", "text": "patient admitted with acute stroke"}
                {"id": "b", "text": "history of atrial fibrillation"}
                {"id": "c", "text": "septic shock"}
                {"id": "d", "text": "history of atrial fibrillation"}
                """);
        Path out = dir.resolve("idx");
        String[] r = run("embed", "--model", TINY, "--input", in.toString(), "--out", out.toString(), "--id-field",
                "id", "--pooling", "mean", "--layers", "-2..-1", "--max-seq-length", "6", "--batch", "2");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("embedded 4 texts") && r[1].contains("[4, 64]"), r[1]);
        assertTrue(r[1].contains("4 texts in 5 windows: 1 longer than --max-seq-length 6, cut into overlapping "
                + "windows (stride 2)"), r[1]);
        JsonNode m = new ObjectMapper().readTree(out.resolve(EmbedManifest.FILE).toFile());
        assertEquals("-2..-1", m.get("fingerprint").get("layers").asText());
        assertEquals("[1,2]", m.get("fingerprint").get("hiddenStates").toString());
        assertEquals(1, m.get("counts").get("windowedTexts").asInt());

        r = run("neighbors", "--index", out.toString(), "--query", "history of atrial fibrillation", "--k", "2",
                "--json");
        assertEquals("0", r[0], r[2]);
        JsonNode n = new ObjectMapper().readTree(r[1]).get("results").get(0).get("neighbors");
        assertEquals(2, n.size());
        assertEquals(List.of("b", "d"), List.of(n.get(0).get("id").asText(), n.get(1).get("id").asText()).stream()
                .sorted().toList());
        assertEquals(1.0, n.get(0).get("score").asDouble(), 1e-5);
        assertEquals("history of atrial fibrillation", n.get(0).get("text").asText());

        Path queries = dir.resolve("q.txt");
        Files.writeString(queries, "septic shock\n");
        r = run("neighbors", "--index", out.toString(), "--query-file", queries.toString(), "--k", "1");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("query: septic shock") && r[1].contains(" c ") && r[1].contains("1.00000"), r[1]);

        // a truncated matrix (a copy cut short) is the user's input to fix: one line naming it, exit 2 (it was 1)
        Path npy = out.resolve(EmbedManifest.EMBEDDINGS);
        byte[] whole = Files.readAllBytes(npy);
        Files.write(npy, java.util.Arrays.copyOf(whole, whole.length - 10));
        r = run("neighbors", "--index", out.toString(), "--query", "septic shock");
        assertError(r, npy.toString(), "bytes but its header says");
        assertEquals(1, r[2].lines().count(), r[2]);
    }

    /**
     * Issue 24: the notes a NOTEEVENTS filter leaves out are counted and located. The hand-made sample: record 175
     * (ISERROR=1) starts on line 6, the ECG and Radiology notes (not discharge summaries) on lines 7 and 8.
     */
    @Test
    void noteEventsLeftOutAreCountedAndLocated(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("notes");
        String[] r = run("embed", "--model", TINY, "--input", "src/test/resources/mimic/noteevents-sample.csv",
                "--format", "noteevents", "--discharge-only", "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("embedded 1 texts"), r[1]);
        assertTrue(r[1].contains("noteevents-sample.csv: 1 (ISERROR=1) at line 6; 2 (category not selected) at "
                + "lines 7, 8\n"), r[1]);
        assertTrue(r[1].contains("left out 3 record(s) of "), r[1]);
        JsonNode skipped = new ObjectMapper().readTree(out.resolve(EmbedManifest.FILE).toFile()).get("skipped");
        assertEquals("{\"ISERROR=1\":1,\"category not selected\":2}", skipped.get("counts").toString());
        assertEquals("{\"ISERROR=1\":[6],\"category not selected\":[7,8]}", skipped.get("atLines").toString());
    }

    @Test
    void badInputIsOneLineAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("notes.jsonl");
        Files.writeString(in, "{\"text\": \"septic shock\"}\n{\"txt\": \"lung\"}\n");
        Path out = dir.resolve("idx");
        assertError(run("embed", "--model", TINY, "--input", in.toString(), "--out", out.toString()),
                in.toString(), "line 2", "\"text\"");
        assertFalse(Files.exists(out));

        Path model = Files.createDirectory(dir.resolve("novocab"));
        Files.copy(Path.of(TINY, "bert_config.json"), model.resolve("bert_config.json"));
        assertError(run("embed", "--model", model.toString(), "--input", in.toString(), "--out", out.toString()),
                model.resolve("vocab.txt").toString());
        assertFalse(Files.exists(out));

        assertError(run("embed", "--model", TINY, "--input", in.toString(), "--out", out.toString(), "--pooling",
                "max"), "unknown pooling");
        assertError(run("embed", "--model", TINY, "--input", in.toString(), "--out", out.toString(), "--layers",
                "-9"), "--layers -9");

        // a user's mistake: exit 2, as everywhere (it was 1)
        assertError("2", run("neighbors", "--index", dir.toString(), "--query", "lung"), "embed.json");
    }
}
