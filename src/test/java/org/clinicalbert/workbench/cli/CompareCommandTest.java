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

class CompareCommandTest {

    private static void run(Path dir, String init, String acc) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), "task: mednli\nmodel:\n  init: " + init + "\ntrain:\n  seed: 1\n");
        Files.writeString(dir.resolve("status.json"), "{\"state\":\"finished\"}");
        Files.writeString(dir.resolve("metrics.json"), "{\"task\":\"mednli\",\"test\":{\"metrics\":{\"accuracy\":" + acc + "}}}");
    }

    @Test
    void writesTheComparisonFolder(@TempDir Path dir) throws Exception {
        run(dir.resolve("results/a/20250101-000000"), "bert-base-cased", "0.5");
        run(dir.resolve("results/b/20250101-000000"), "bio-clinical-bert", "0.625");
        StringWriter out = new StringWriter();
        CommandLine cl = ErrorReporter.install(new CommandLine(new CompareCommand()));
        cl.setOut(new PrintWriter(out));
        Path o = dir.resolve("cmp");
        assertEquals(0, cl.execute(dir.resolve("results").toString(), "--out", o.toString(), "--paper"), out.toString());
        assertTrue(out.toString().startsWith("2 finished run(s), 2 initialisation(s), 1 task(s)"), out.toString());
        String md = Files.readString(o.resolve("compare.md"));
        // registry names (config/models.yaml) in the paper's row order, best marked, published values beside
        assertTrue(md.contains("| BERT | 50.00 | 77.60 |"), md);
        assertTrue(md.contains("| Bio+Clinical BERT | **62.50** | **82.70** |"), md);
        assertTrue(md.indexOf("| BERT |") < md.indexOf("| Bio+Clinical BERT |"), md);
        for (String f : new String[] {"compare.csv", "compare.json", "compare.png"}) {
            assertTrue(Files.size(o.resolve(f)) > 0, f);
        }
    }

    @Test
    void badMetricsFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path r = dir.resolve("results/a/20250101-000000");
        run(r, "bert-base-cased", "0.5");
        Files.writeString(r.resolve("metrics.json"), "{\"task\": ");
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cl = ErrorReporter.install(new CommandLine(new CompareCommand()));
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(out));
        // issue 24, principle 5: the run is listed as unreadable (file and line); with no other run, compare fails
        assertEquals(2, cl.execute(dir.resolve("results").toString(), "--out", dir.resolve("cmp").toString()));
        assertTrue(out.toString().startsWith("unreadable: " + r.resolve("metrics.json") + " (line 1"), out.toString());
        assertTrue(err.toString().strip().endsWith("; 1 run(s) unreadable"), err.toString());
    }

    @Test
    void rejectsUnknownSplit(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = ErrorReporter.install(new CommandLine(new CompareCommand()));
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(dir.toString(), "--split", "train"));
        assertTrue(err.toString().contains("--split must be test or dev"), err.toString());
    }
}
