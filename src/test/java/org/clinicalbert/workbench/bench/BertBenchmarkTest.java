package org.clinicalbert.workbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plumbing of the BERT benchmark on the tiny size (no timing assertions: the machine is shared). */
class BertBenchmarkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void trainRunsStepsAndReportsConsistentFigures() throws Exception {
        BenchSettings s = new BenchSettings(BenchMode.TRAIN, BertBenchSize.TINY, 2, 8, 2, 1, 1);
        BertBenchResult r = new BertBenchmark(s).run();
        assertEquals(2, r.seconds().size());
        assertEquals(1, r.warmupSeconds().size());
        assertEquals(2, r.losses().size());
        assertEquals(2, r.stepParts().size());
        for (int i = 0; i < 2; i++) {
            BertBenchResult.StepParts p = r.stepParts().get(i);
            assertEquals(r.seconds().get(i), p.gradientSeconds() + p.optimizerSeconds(), 1e-3);
        }
        // 3 labels, random init: the loss starts near ln 3
        r.losses().forEach(l -> assertEquals(Math.log(3), l, 0.5));
        double mean = (r.seconds().get(0) + r.seconds().get(1)) / 2;
        assertEquals(mean, r.meanSeconds(), 1e-12);
        assertEquals(2 * 8 / mean, r.tokensPerSecond(), 1e-9);

        BertBenchReport report = new BertBenchReport(s, Map.of("nd4j_classifier", "x", "date", "d"), 0.5, r, null);
        Path json = report.write(dir);
        assertEquals(dir.resolve("train-tiny-b2-s8.json"), json);
        JsonNode n = JSON.readTree(json.toFile());
        for (String field : List.of("mode", "size", "batch", "seq", "threads", "load_average_start", "machine",
                "workbench", "torch_note")) {
            assertTrue(n.has(field), field);
        }
        JsonNode wb = n.get("workbench");
        assertEquals(r.tokensPerSecond(), wb.get("tokens_per_s").asDouble(), 1e-9);
        assertEquals(16 / wb.get("seconds_per_iter").asDouble(), wb.get("tokens_per_s").asDouble(), 1e-6);
        assertEquals(1 / wb.get("seconds_per_iter").asDouble(), wb.get("steps_per_s").asDouble(), 1e-9);
        assertTrue(wb.has("gradients_s") && wb.has("optimizer_s"));
        assertTrue(wb.get("peak_rss_bytes").asLong() > 0, "VmHWM read on Linux");
        String md = Files.readString(dir.resolve("train-tiny-b2-s8.md"));
        assertTrue(md.contains("| train | tiny | 2 | 8 | 1 |"), md);
        assertFalse(md.contains("Warning"), md);
    }

    @Test
    void forwardRunsAndBusyMachineIsFlagged() throws Exception {
        BenchSettings s = new BenchSettings(BenchMode.FORWARD, BertBenchSize.TINY, 3, 5, 1, 0, 1);
        BertBenchResult r = new BertBenchmark(s).run();
        assertEquals(1, r.seconds().size());
        assertTrue(r.warmupSeconds().isEmpty());
        assertTrue(r.losses().isEmpty());
        assertEquals(15 / r.seconds().get(0), r.tokensPerSecond(), 1e-9);

        // torch: mean 4x slower; its fastest iteration 2x slower than the workbench's (one timed iteration)
        JsonNode torch = JSON.readTree("{\"tokens_per_s\": " + r.tokensPerSecond() / 4 + ", \"times\": ["
                + 2 * r.bestSeconds() + ", " + 6 * r.bestSeconds() + "]}");
        BertBenchReport report = new BertBenchReport(s, Map.of("date", "d"), 3.5, r,
                new TorchBaseline.Outcome(torch, null));
        assertEquals(4.0, report.ratio(), 1e-9);
        assertEquals(2.0, report.bestRatio(), 1e-9);
        report.write(dir);
        JsonNode n = JSON.readTree(dir.resolve("forward-tiny-b3-s5.json").toFile());
        assertEquals(4.0, n.get("ratio_workbench_over_torch").asDouble(), 1e-9);
        assertEquals(2.0, n.get("ratio_best_workbench_over_torch").asDouble(), 1e-9);
        assertTrue(n.get("workbench").has("iters_per_s"));
        assertTrue(Files.readString(dir.resolve("forward-tiny-b3-s5.md")).contains("Warning: load average 3.50"));
    }

    @Test
    void torchOutputParsing() {
        TorchBaseline.Outcome ok = TorchBaseline.parse("some log\n{\"tokens_per_s\": 12.5, \"mode\": \"train\"}\n");
        assertTrue(ok.ran());
        assertEquals(12.5, ok.result().get("tokens_per_s").asDouble());
        TorchBaseline.Outcome none = TorchBaseline.parse("Traceback: boom\n");
        assertFalse(none.ran());
        assertTrue(none.note().contains("boom"));
    }

    @Test
    void torchCommandCarriesTheSettings() {
        BenchSettings s = new BenchSettings(BenchMode.TRAIN, BertBenchSize.BASE, 32, 128, 3, 1, 2);
        String cmd = String.join(" ", new TorchBaseline(Path.of("/usr/bin/python3"), Path.of("t.py"), 1).command(s));
        assertTrue(cmd.contains("--layers 12 --hidden 768 --heads 12 --intermediate 3072 --vocab 28996"), cmd);
        assertTrue(cmd.contains("--batch 32 --seq 128 --iters 3 --warmup 1 --threads 2 --mode train"), cmd);
    }

    @Test
    void missingInterpreterIsANoteNotAFailure() throws Exception {
        BenchSettings s = new BenchSettings(BenchMode.FORWARD, BertBenchSize.TINY, 1, 4, 1, 0, 1);
        TorchBaseline.Outcome o = new TorchBaseline(dir.resolve("no-python"), Path.of("t.py"), 1).run(s);
        assertFalse(o.ran());
        assertTrue(o.note().contains("skipped"), o.note());
    }

    @Test
    void settingsAndMemoryParsing() {
        assertThrows(IllegalArgumentException.class,
                () -> new BenchSettings(BenchMode.TRAIN, BertBenchSize.TINY, 0, 8, 1, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new BenchSettings(BenchMode.TRAIN, BertBenchSize.TINY, 1, 513, 1, 0, 1));
        assertEquals(123456L * 1024, org.clinicalbert.workbench.runtime.ProcessMemory.parseKilobytes("   123456 kB"));
    }
}
