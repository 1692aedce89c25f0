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
    void tinyProfiledTrainingRecordsSteadyStateAndTheGroupedProfile(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("bench", "train", "--size", "tiny", "--batch", "2", "--seq", "8", "--iters", "2",
                "--threads", "1", "--profile", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode n = new ObjectMapper().readTree(out.resolve("train-tiny-b2-s8.json").toFile());
        // training warms up for two steps by default; the first is kept as the first step
        assertEquals(2, n.get("warmup").asInt());
        JsonNode w = n.get("workbench");
        assertEquals(2, w.get("warmup_times").size());
        assertEquals(2, w.get("times").size());
        assertEquals(w.get("warmup_times").get(0).asDouble(), w.get("first_step_seconds").asDouble());
        double median = (w.get("times").get(0).asDouble() + w.get("times").get(1).asDouble()) / 2;
        assertEquals(median, w.get("median_seconds_per_iter").asDouble(), 1e-12);
        assertEquals(16 / median, w.get("tokens_per_s").asDouble(), 1e-9);
        assertEquals(w.get("first_step_seconds").asDouble() / median, w.get("first_over_median").asDouble(), 1e-9);
        JsonNode p = n.get("profile_by_category").get("workbench");
        assertEquals(median, p.get("wall_seconds_per_step").asDouble(), 1e-9);
        assertTrue(p.get("ops_per_step").asDouble() > 0);
        double sum = 0;
        for (JsonNode v : p.get("seconds_per_step")) {
            sum += v.asDouble();
        }
        assertEquals(median, sum, 1e-9);
        assertTrue(run.out().contains("workbench: median "), run.out());
        String md = Files.readString(out.resolve("train-tiny-b2-s8.md"));
        assertTrue(md.contains("| framework overhead | "), md);
    }

    @Test
    void aNamedPythonWithoutTorchIsAUserError(@TempDir Path out) {
        CliRun run = CliRun.of("bench", "forward", "--size", "tiny", "--torch", "--python",
                out.resolve("no-python").toString(), "--out", out.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("error: ") && run.err().contains("--python")
                && run.err().contains("no-python"), run.err());
    }

    @Test
    void embedTimesTheEmbedJobAndRecordsMemoryPerGroup(@TempDir Path out) throws Exception {
        Path input = out.resolve("texts.txt");
        StringBuilder texts = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            texts.append(i % 2 == 0 ? "patient admitted" : "history of atrial fibrillation and septic shock").append('\n');
        }
        Files.writeString(input, texts);
        StringWriter o = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Workbench.commandLine();
        cl.setOut(new PrintWriter(o));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("bench", "embed", "--model", "config/models/tiny-demo", "--input", input.toString(),
                "--batch", "4", "--buffer", "10", "--threads", "1", "--out", out.toString()), err.toString());
        JsonNode n = new ObjectMapper().readTree(out.resolve("embed-tiny-demo-b4-n25.json").toFile());
        JsonNode w = n.get("workbench");
        assertEquals(25, w.get("texts").asInt());
        // groups of 10, 10 and 5 texts: one memory reading after each
        assertEquals(3, w.get("rss_after_each_group").size());
        assertEquals(25, w.get("rss_after_each_group").get(2).get("texts").asInt());
        // per group of 10: 5 texts of 4 tokens and 5 of 9 ([CLS] and [SEP] included), in batches of 4
        assertEquals(2 * (5 * 4 + 5 * 9) + (3 * 4 + 2 * 9), w.get("tokens").asInt());
        assertEquals(3 + 3 + 2, w.get("batches").asInt());
        assertTrue(Files.readString(out.resolve("embed-tiny-demo-b4-n25.md")).contains("| tiny-demo | 25 | 4 | mean |"));
        // the scratch output is gone
        try (var s = Files.list(out)) {
            assertEquals(3, s.count());
        }
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

    @Test
    void mimicFormatTimesEachSizeAndWritesOneRowPerSize(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("bench", "mimic-format", "--megabytes", "0.02,0.04", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode n = new ObjectMapper().readTree(out.resolve("mimic-format.json").toFile());
        assertEquals("workbench bench mimic-format --megabytes 0.02,0.04 --out " + out, n.get("command").asText());
        assertEquals(2, n.get("runs").size());
        for (int i = 0; i < 2; i++) {
            JsonNode r = n.get("runs").get(i);
            assertTrue(r.get("records").asLong() > 0 && r.get("sentences").asLong() > 0, r.toString());
        }
        // twice the input, more records (synthetic records of similar length)
        assertTrue(n.get("runs").get(1).get("records").asLong() > n.get("runs").get(0).get("records").asLong());
        String md = Files.readString(out.resolve("mimic-format.md"));
        assertEquals(2, md.lines().filter(l -> l.matches("\\| [0-9.]+ \\| [0-9]+ \\|.*")).count(), md);
    }

    @Test
    void pretrainInstancesCountsWhatItCreatedAndSaysHowToReproduce(@TempDir Path out) throws Exception {
        CliRun run = CliRun.of("bench", "pretrain-instances", "--megabytes", "0.05", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode n = new ObjectMapper().readTree(out.resolve("pretrain-instances.json").toFile());
        assertTrue(n.get("instances").asLong() > 0, n.toString());
        assertTrue(n.get("input_bytes").asLong() >= 0.05 * (1 << 20), n.toString());
        assertTrue(Files.readString(out.resolve("pretrain-instances.md"))
                .contains("`./workbench bench pretrain-instances --megabytes 0.05`"));
        try (var s = Files.list(out)) {
            assertEquals(2, s.count());
        }
    }

    @Test
    void pretrainInstancesTakesOneSizeAndModesAreNamedByTheirLabels(@TempDir Path out) {
        CliRun two = CliRun.of("bench", "pretrain-instances", "--megabytes", "1,2", "--out", out.toString());
        assertEquals(2, two.code());
        assertTrue(two.err().contains("--megabytes: pretrain-instances takes one size, got 2"), two.err());
        CliRun unknown = CliRun.of("bench", "mimic", "--out", out.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'mimic' is not a mode: forward, train, embed, mimic-format, "
                + "pretrain-instances"), unknown.err());
    }
}
