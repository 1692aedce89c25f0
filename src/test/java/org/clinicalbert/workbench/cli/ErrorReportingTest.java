package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.io.WorkFailedException;
import org.clinicalbert.workbench.runs.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ordinary mistakes end in one line {@code error: <file>[ (<where>)]: <what>} on standard error, exit 2 for bad
 * input and 1 for a failed run, no stack trace (unless --debug), and nothing left behind in the output folder. An
 * exception the workbench did not expect (IllegalArgumentException included) is its own bug: exit 1, and the line
 * says so.
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
        // a number the workbench failed to check where it read it (no file, no line): its bug, not the user's
        assertEquals(new ErrorLine(1, "error: For input string: \"1e\"" + BUG),
                ErrorLine.of(new NumberFormatException("For input string: \"1e\"")));
        assertEquals(new ErrorLine(1, "error: diverged" + BUG), ErrorLine.of(new IllegalStateException("diverged")));
        assertEquals(new ErrorLine(1, "error: NullPointerException: x is null" + BUG),
                ErrorLine.of(new NullPointerException("x is null")));
    }

    /** The hint every bug line ends with, as the issue words it. */
    private static final String BUG = " (this is a bug in the workbench; rerun with --debug or WORKBENCH_DEBUG=1 for the "
            + "stack trace and report it)";

    /** A command that fails as asked, run with the workbench's error reporting as every real command is. */
    @CommandLine.Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        @CommandLine.Option(names = "--with", required = true)
        String with; // --debug is the workbench's, inherited by every command

        @Override
        public Integer call() {
            switch (with) {
                case "user-file" -> throw new InputFormatException(Path.of("data", "x.jsonl"), "line 3",
                        "unknown label 'q'");
                case "user-option" -> throw new UserInputException("--parts applies to --spark runs only");
                case "argument" -> throw new IllegalArgumentException("batch size must be positive, got 0");
                case "state" -> throw new IllegalStateException("variable w created twice");
                case "wrapped-argument" -> throw new RuntimeException(new IllegalArgumentException("no variable w"));
                case "work" -> throw new WorkFailedException("1 of 3 folds failed (fold-2: diverged); the others are "
                        + "kept: --resume continues");
                default -> throw new AssertionError(with);
            }
        }
    }

    private static CliRun fails(String... args) {
        CommandLine cl = Workbench.commandLine();
        cl.addSubcommand("fails", new Fails());
        ErrorReporter.install(cl); // again, so that the command added here has the handlers too
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "fails";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cl.execute(all);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void aStrayIllegalArgumentExceptionIsABugNotTheUsersMistake() {
        assertOneLine(fails("--with", "argument"), 1, "error: batch size must be positive, got 0" + BUG);
        assertOneLine(fails("--with", "state"), 1, "error: variable w created twice" + BUG);
        assertOneLine(fails("--with", "wrapped-argument"), 1, "error: no variable w" + BUG);
        CliRun debug = fails("--with", "argument", "--debug");
        assertEquals(1, debug.code());
        assertTrue(debug.err().startsWith("java.lang.IllegalArgumentException: batch size must be positive, got 0"),
                debug.err());
        assertTrue(debug.err().contains("\tat "), debug.err());
        assertTrue(debug.err().endsWith("error: batch size must be positive, got 0" + BUG + "\n"), debug.err());
    }

    @Test
    void aUserInputExceptionIsOneLineAndExitTwo() {
        assertOneLine(fails("--with", "user-file"), 2, "error: " + Path.of("data", "x.jsonl")
                + " (line 3): unknown label 'q'");
        assertOneLine(fails("--with", "user-option"), 2, "error: --parts applies to --spark runs only");
    }

    @Test
    void workThatFailedInPartsIsExitOneWithoutTheBugHint() {
        assertOneLine(fails("--with", "work"), 1,
                "error: 1 of 3 folds failed (fold-2: diverged); the others are kept: --resume continues");
    }

    @Test
    void aFolderHeldByAnotherRunIsTheUsersToFix() throws IOException {
        Path run = dir.resolve("run");
        try (RunLock held = RunLock.acquire(run, m -> { })) {
            RunLock.FolderInUseException e = assertThrows(RunLock.FolderInUseException.class,
                    () -> RunLock.acquire(run, m -> { }));
            ErrorLine line = ErrorLine.of(e);
            assertEquals(2, line.exitCode());
            assertTrue(line.text().startsWith("error: " + run + ": in use by process " + ProcessHandle.current().pid()),
                    line.text());
        }
    }

    @Test
    void compareOverAFolderWithoutFinishedRuns() throws IOException {
        Path results = Files.createDirectory(dir.resolve("results"));
        assertOneLine(run("compare", results.toString(), "--out", dir.resolve("cmp").toString()), 2,
                "error: " + results + ": no finished runs to compare (a run folder holds status.json with state finished)");
        assertFalse(Files.exists(dir.resolve("cmp")));
    }
}
