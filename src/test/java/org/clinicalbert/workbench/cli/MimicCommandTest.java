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

class MimicCommandTest {

    @Test
    void formatDischargeOnlyWritesShardsAndPrintsSummary(@TempDir Path dir) {
        CommandLine cl = ErrorReporter.install(new CommandLine(new MimicCommand()));
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int rc = cl.execute("format", "--input", "src/test/resources/mimic/noteevents-sample.csv",
                "--out", dir.toString(), "--discharge-only", "--shard-size", "2");
        assertEquals(0, rc, out.toString());
        assertTrue(Files.exists(dir.resolve("discharge_summary/shard-00000.txt")));
        assertTrue(!Files.exists(dir.resolve("ecg")));
        assertTrue(out.toString().contains("selected 1 notes"), out.toString());
        // counted and located (issue 24): record 175 starts on line 6 of the sample, 176 and 177 on lines 7 and 8
        assertTrue(out.toString().contains("skipped 2 (category not selected) at lines 7, 8\n"), out.toString());
        assertTrue(out.toString().contains("skipped 1 (ISERROR=1) at line 6\n"), out.toString());
    }

    @Test
    void dischargeOnlyAndCategoriesConflict(@TempDir Path dir) {
        CommandLine cl = ErrorReporter.install(new CommandLine(new MimicCommand()));
        cl.setErr(new PrintWriter(new StringWriter()));
        int rc = cl.execute("format", "--input", "src/test/resources/mimic/noteevents-sample.csv",
                "--out", dir.toString(), "--discharge-only", "--categories", "ECG");
        assertEquals(2, rc);
    }
}
