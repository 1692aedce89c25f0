package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointInspectCommandTest {

    private static Path fixture(String dir) throws URISyntaxException {
        return Path.of(CheckpointInspectCommandTest.class.getResource("/checkpoint/" + dir).toURI());
    }

    private static String[] run(String... args) {
        CommandLine cmd = ErrorReporter.install(new CommandLine(new CheckpointCommand()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int rc = cmd.execute(args);
        return new String[]{Integer.toString(rc), out.toString(), err.toString()};
    }

    @Test
    void printsTableWithShapesAndCounts() throws Exception {
        String[] r = run("inspect", fixture("snappy").toString());
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.contains("bert/embeddings/word_embeddings") && out.contains("[7, 4]"), out);
        assertTrue(out.contains("global_step: 150000"), out);
        assertTrue(out.contains("heads: [MLM, NSP, SEQUENCE_CLASSIFIER, POOLER]"), out);
        assertTrue(!out.contains("adam_m"), "slots are counted, not listed");
    }

    @Test
    void jsonOutputParses() throws Exception {
        String[] r = run("inspect", "--json", fixture("tf").toString());
        assertEquals("0", r[0], r[2]);
        JsonNode j = new ObjectMapper().readTree(r[1]);
        assertEquals(150000, j.get("globalStep").asLong());
        assertEquals(j.get("variables").size() * 2, j.get("optimizerSlotCount").asInt() + 4,
                "two slots per variable except extra/int64_vector and extra/extremes");
        assertEquals(1, j.get("numShards").asInt());
    }

    @Test
    void badFolderFailsWithMessage() throws Exception {
        String[] r = run("inspect", fixture("snappy").resolve("no-such").toString());
        assertNotEquals("0", r[0]);
        assertTrue(r[2].startsWith("error: ") && r[2].contains("no-such"), r[2]);
    }
}
