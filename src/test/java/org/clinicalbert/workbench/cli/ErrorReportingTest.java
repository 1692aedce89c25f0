package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ordinary mistakes end in one line {@code error: <file>[ (<where>)]: <what>} on standard error, exit 2 for bad
 * input and 1 for a failed run, no stack trace (unless --debug), and nothing left behind in the output folder.
 */
class ErrorReportingTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertOneLine(CliRun r, int code, String line) {
        assertEquals(line + "\n", r.err(), r.err());
        assertEquals(code, r.code());
    }

    private Path aFile() throws IOException {
        return Files.writeString(dir.resolve("a-file"), "x");
    }

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void missingInputsNameTheFile() throws IOException {
        Path missing = dir.resolve("missing.txt");
        assertOneLine(run("conlleval", missing.toString()), 2, "error: " + missing + ": no such file or folder");
        assertOneLine(run("new-model", "--corpus", missing.toString(), "--out", dir.resolve("m").toString()), 2,
                "error: " + missing + ": no such file or folder");
        assertOneLine(run("pretrain-data", "--input", missing.toString(), "--vocab",
                "config/models/tiny-demo/vocab.txt", "--out", dir.resolve("p").toString()), 2,
                "error: " + missing + ": no such file or folder");
        assertOneLine(run("mimic", "format", "--input", missing.toString(), "--out", dir.resolve("f").toString()), 2,
                "error: " + missing + ": no such file or folder (--input)");
        assertEquals(0, entries(), "no output folder or temp file left behind");
    }

    @Test
    void emptyInputFolderForPretrainData() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertOneLine(run("pretrain-data", "--input", empty.toString(), "--vocab",
                "config/models/tiny-demo/vocab.txt", "--out", dir.resolve("p").toString()), 2,
                "error: " + empty + ": no input files (plain text, one sentence per line) in this folder");
        assertFalse(Files.exists(dir.resolve("p")));
    }

    @Test
    void outputPathThatIsAFile() throws IOException {
        Path file = aFile();
        assertOneLine(run("synth", "--out", file.toString(), "--size", "2"), 2,
                "error: " + file + ": exists as a file, a folder is needed here");
        assertOneLine(run("mimic", "format", "--input", "src/test/resources/mimic/noteevents-sample.csv",
                "--out", file.toString()), 2, "error: " + file + ": exists as a file, a folder is needed here");
        assertOneLine(run("encode", "--model", "config/models/tiny-demo", "--text", "x",
                "--out", file.resolve("enc.json").toString()), 2,
                "error: " + file + ": exists as a file, a folder is needed here");
        assertEquals(1, entries(), "only the file: no temp file left behind");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void mimicFormatErrorsAreOneLineAndLeaveNoFolder() throws IOException {
        Path header = Path.of("src/test/resources/mimic/noteevents-sample.csv");
        String head = Files.readAllLines(header).get(0);
        Path quote = Files.writeString(dir.resolve("quote.csv"),
                head + "\n1,2,3,2100-01-01,,,Discharge summary,Report,,,\"never closed\n");
        Path out = dir.resolve("out");
        CliRun r = run("mimic", "format", "--input", quote.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + quote + " (record 1, line 2): malformed CSV: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(out), "a failed first run leaves no output folder");

        Path notGzip = Files.copy(header, dir.resolve("NOTEEVENTS.csv.gz"));
        r = run("mimic", "format", "--input", notGzip.toString(), "--out", out.toString());
        assertOneLine(r, 2, "error: " + notGzip + " (byte 0): not a gzip file (the name ends in .gz): Not in GZIP format");
        assertFalse(Files.exists(out));
    }

    @Test
    void usageMistakesAreOneLineWithAPointerToHelp() {
        assertOneLine(run("conlleval", "--bogus", "x"), 2,
                "error: Unknown option: '--bogus'; see 'workbench conlleval --help'");
        assertOneLine(run("synth", "--out", dir.toString(), "--size", "0"), 2,
                "error: --size must be at least 1; see 'workbench synth --help'");
        assertOneLine(run("synth", "--out", dir.toString(), "--size", "many"), 2,
                "error: Invalid value for option '--size': 'many' is not an int; see 'workbench synth --help'");
    }

    @Test
    void debugShowsTheStackTrace() {
        Path missing = dir.resolve("missing.txt");
        CliRun plain = run("conlleval", missing.toString());
        assertFalse(plain.err().contains("\tat "), plain.err());
        CliRun debug = run("conlleval", missing.toString(), "--debug");
        assertEquals(2, debug.code());
        assertTrue(debug.err().startsWith("java.nio.file.NoSuchFileException: " + missing), debug.err());
        assertTrue(debug.err().contains("\tat "), debug.err());
        assertTrue(debug.err().endsWith("error: " + missing + ": no such file or folder\n"), debug.err());
    }

    @Test
    void exceptionsBecomeLinesAndCodes() {
        Path f = Path.of("data", "x.jsonl");
        assertEquals(new ErrorLine(2, "error: data/x.jsonl (line 3): bad"),
                ErrorLine.of(new RuntimeException(new InputFormatException(f, "line 3", "bad"))));
        assertEquals(new ErrorLine(2, "error: data/x.jsonl: no such file or folder"),
                ErrorLine.of(new UncheckedIOException(new NoSuchFileException("data/x.jsonl"))));
        assertEquals(new ErrorLine(2, "error: /root/y: permission denied"),
                ErrorLine.of(new AccessDeniedException("/root/y")));
        assertEquals(new ErrorLine(1, "error: no space left on device (No space left on device)"),
                ErrorLine.of(new IOException("No space left on device")));
        assertEquals(new ErrorLine(1, "error: results/x/metrics.json: no space left on device"),
                ErrorLine.of(new java.nio.file.FileSystemException("results/x/metrics.json", null,
                        "No space left on device")));
        assertEquals(new ErrorLine(2, "error: not a number: \"1e\""), ErrorLine.of(new NumberFormatException("For input string: \"1e\"")));
        assertEquals(1, ErrorLine.of(new IllegalStateException("diverged")).exitCode());
        ErrorLine bug = ErrorLine.of(new NullPointerException("x is null"));
        assertEquals(1, bug.exitCode());
        assertTrue(bug.text().startsWith("error: NullPointerException: x is null (unexpected; rerun with --debug"),
                bug.text());
    }

    @Test
    void compareOverAFolderWithoutFinishedRuns() throws IOException {
        Path results = Files.createDirectory(dir.resolve("results"));
        assertOneLine(run("compare", results.toString(), "--out", dir.resolve("cmp").toString()), 2,
                "error: " + results + ": no finished runs to compare (a run folder holds status.json with state finished)");
        assertFalse(Files.exists(dir.resolve("cmp")));
    }
}
