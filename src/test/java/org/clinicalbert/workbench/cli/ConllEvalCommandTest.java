package org.clinicalbert.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConllEvalCommandTest {

    @Test
    void printsConllevalOutput(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pred.txt");
        // the conlleval.pl run of this file printed exactly the three lines asserted below
        Files.writeString(f, "a B-X B-X\nb I-X I-X\n\nc O B-Y\n");
        StringWriter out = new StringWriter();
        CommandLine cl = ErrorReporter.install(new CommandLine(new ConllEvalCommand()));
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute(f.toString(), "--token-level"));
        String text = out.toString();
        assertTrue(text.startsWith("""
                processed 3 tokens with 1 phrases; found: 2 phrases; correct: 1.
                accuracy:  66.67%; precision:  50.00%; recall: 100.00%; FB1:  66.67
                                X: precision: 100.00%; recall: 100.00%; FB1: 100.00  1
                                Y: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                word-level:
                """), text);
        assertTrue(text.contains("     micro (no O): precision:  66.67%; recall: 100.00%; F1:  80.00  2"), text);
    }

    @Test
    void badFileIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pred.txt");
        Files.writeString(f, "a B-X B-X\nb I-X\n");
        StringWriter err = new StringWriter();
        CommandLine cl = ErrorReporter.install(new CommandLine(new ConllEvalCommand()));
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(f.toString()));
        assertEquals("error: " + f + " (line 2): expected 3 space-separated fields as on the first word line, found 2",
                err.toString().trim());
    }
}
