package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthCommandTest {

    @Test
    void writesEveryCorpusFolder(@TempDir Path dir) throws Exception {
        CommandLine cmd = ErrorReporter.install(new CommandLine(new SynthCommand()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        assertEquals(0, cmd.execute("--out", dir.toString(), "--size", "4", "--seed", "9"));
        try (var s = Files.list(dir.resolve("i2b2-2014/train"))) {
            assertEquals(4, s.count());
        }
        assertEquals(40, Files.readAllLines(dir.resolve("mednli/mli_train_v1.jsonl")).size());
        assertTrue(Files.isRegularFile(dir.resolve("i2b2-2010/test/concept/record-1001.con")));
        assertTrue(out.toString().contains("seed 9"));
        assertEquals(2, cmd.execute("--out", dir.toString(), "--size", "0"));
        assertTrue(err.toString().contains("--size must be at least 1"));
    }
}
