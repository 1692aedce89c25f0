package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.runs.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The output folders of mimic format, pretrain-data and pretrain have one owner, as run folders do: a second
 * process on a folder in use is refused with one line and exit 2, and writes nothing.
 */
class OutputFolderLockTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSecondProcessOnAnOutputFolderIsRefused() throws IOException {
        Path notes = Files.writeString(dir.resolve("NOTEEVENTS.csv"), "ROW_ID\n");
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("a.txt"), "The patient was seen.\nHe went home.\n\n");
        Path out = dir.resolve("out");
        List<String> before;
        try (RunLock held = RunLock.acquireBeside(out, m -> { })) {
            before = entries();
            String line = "error: " + out + ": in use by " + RunLock.ownerBeside(out).orElseThrow() + "; two processes must not "
                    + "write one output folder (wait for it to end, or stop it and run again)\n";
            for (String[] args : List.of(
                    new String[] {"mimic", "format", "--input", notes.toString(), "--out", out.toString()},
                    new String[] {"pretrain-data", "--input", corpus.toString(), "--vocab",
                            "config/models/tiny-demo/vocab.txt", "--out", out.toString()},
                    new String[] {"pretrain", "--model", "config/models/tiny-demo", "--data", corpus.toString(),
                            "--out", out.toString(), "--steps", "1", "--no-progress"})) {
                CliRun r = run(args);
                assertEquals(line, r.err(), args[0]);
                assertEquals(2, r.code(), args[0]);
                assertEquals(before, entries(), args[0] + " wrote nothing");
            }
        }
        assertEquals(List.of("NOTEEVENTS.csv", "corpus"), entries(), "the lock file goes with its owner");
    }
}
