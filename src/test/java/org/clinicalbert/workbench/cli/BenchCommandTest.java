package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {

    @Test
    void tinyForwardWritesJsonAndMarkdown(@TempDir Path out) throws Exception {
        StringWriter o = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Workbench.commandLine();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("bench", "forward", "--size", "tiny", "--batch", "2", "--seq", "6", "--iters", "2",
                "--warmup", "0", "--threads", "1", "--out", out.toString()), err.toString());
        assertTrue(o.toString().contains("threads in effect: {"), o.toString());
        JsonNode n = new ObjectMapper().readTree(out.resolve("forward-tiny-b2-s6.json").toFile());
        assertEquals(1, n.get("machine").get("nd4j_max_threads").asInt());
        assertEquals(2, n.get("workbench").get("times").size());
        assertTrue(n.get("torch_note").asText().contains("--torch"));
        assertTrue(Files.readString(out.resolve("forward-tiny-b2-s6.md")).contains("| forward | tiny | 2 | 6 | 1 |"));
    }

    @Test
    void badSizesAreRejected(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cl = Workbench.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("bench", "train", "--size", "tiny", "--seq", "600", "--out", out.toString()));
        assertTrue(err.toString().contains("exceeds max_position_embeddings 512"), err.toString());
    }
}
