package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.io.UserInputException;
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
import static org.junit.jupiter.api.Assertions.assertNull;
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
        assertEquals(2, r.times().timed().size());
        assertEquals(1, r.times().warmup().size());
        assertEquals(2, r.losses().size());
        assertEquals(2, r.stepParts().size());
        for (int i = 0; i < 2; i++) {
            BertBenchResult.StepParts p = r.stepParts().get(i);
            assertEquals(r.times().timed().get(i), p.gradientSeconds() + p.optimizerSeconds(), 1e-3);
        }
        // 3 labels, random init: the loss starts near ln 3
        r.losses().forEach(l -> assertEquals(Math.log(3), l, 0.5));
        // two timed steps: the median is their mean; the first step is the warm-up step
        double median = (r.times().timed().get(0) + r.times().timed().get(1)) / 2;
        assertEquals(median, r.times().median(), 1e-12);
        assertEquals(2 * 8 / median, r.tokensPerSecond(), 1e-9);
        assertEquals(r.times().warmup().get(0), r.times().first());
        assertNull(r.profile(), "not profiled");

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
        assertEquals(16 / wb.get("median_seconds_per_iter").asDouble(), wb.get("tokens_per_s").asDouble(), 1e-6);
        assertEquals(1 / wb.get("median_seconds_per_iter").asDouble(), wb.get("steps_per_s").asDouble(), 1e-9);
        assertEquals(r.times().first(), wb.get("first_step_seconds").asDouble());
        assertEquals(1, wb.get("warmup_times").size());
        assertFalse(n.has("profile_by_category"));
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
        assertEquals(1, r.times().timed().size());
        assertTrue(r.times().warmup().isEmpty());
        assertTrue(r.losses().isEmpty());
        assertEquals(15 / r.times().timed().get(0), r.tokensPerSecond(), 1e-9);
        assertEquals(r.times().timed().get(0), r.times().first(), "no warm-up: the first timed iteration");

        // torch: its median 4x the workbench's single iteration, its fastest 2x; its first (warm-up) step 10x
        double w = r.times().best();
        JsonNode torch = JSON.readTree("{\"tokens_per_s\": 1, \"torch_version\": \"2.13.0+cpu\", "
                + "\"warmup_times\": [" + 10 * w + "], \"times\": [" + 2 * w + ", " + 4 * w + ", " + 9 * w + "]}");
        BertBenchReport report = new BertBenchReport(s, Map.of("date", "d"), 3.5, r,
                new TorchBaseline.Outcome(torch, null));
        assertEquals(4.0, report.ratio(), 1e-9);
        assertEquals(2.0, report.bestRatio(), 1e-9);
        report.write(dir);
        JsonNode n = JSON.readTree(dir.resolve("forward-tiny-b3-s5.json").toFile());
        assertEquals(4.0, n.get("ratio_median_workbench_over_torch").asDouble(), 1e-9);
        assertEquals(2.0, n.get("ratio_best_workbench_over_torch").asDouble(), 1e-9);
        assertEquals("2.13.0+cpu", n.get("torch_version").asText());
        assertTrue(n.get("workbench").has("iters_per_s"));
        String md = Files.readString(dir.resolve("forward-tiny-b3-s5.md"));
        assertTrue(md.contains("Warning: load average 3.50"), md);
        // the row: torch version, ratio of the medians, best ratio, both first steps
        String expected = String.format(java.util.Locale.ROOT, "| 2.13.0+cpu | %.3f | %.0f | %.0f | 4.00 | 2.00 | %.3f | %.3f |",
                w, 15 / w, 15 / (4 * w), w, 10 * w);
        assertTrue(md.contains(expected), md + "\nexpected " + expected);
    }

    @Test
    void profiledTrainingStepAndTorchProfileSideBySide() throws Exception {
        BenchSettings s = new BenchSettings(BenchMode.TRAIN, BertBenchSize.TINY, 2, 8, 2, 1, 1);
        BertBenchResult r = new BertBenchmark(s, true).run();
        CategoryProfile p = r.profile();
        double wall = (r.times().timed().get(0) + r.times().timed().get(1)) / 2;
        assertEquals(wall, p.wallSeconds(), 1e-12);
        assertEquals(wall, p.seconds().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        double optimizer = r.stepParts().stream().mapToDouble(BertBenchResult.StepParts::optimizerSeconds).sum() / 2;
        assertEquals(optimizer, p.seconds().get(ProfileCategory.OPTIMIZER), 1e-12);
        // the tiny graph's step runs a few hundred SameDiff ops, of every kind the grouping knows
        assertTrue(p.opsPerStep() > 100, "ops per step " + p.opsPerStep());
        for (ProfileCategory c : List.of(ProfileCategory.PRODUCTS, ProfileCategory.ATTENTION,
                ProfileCategory.LAYER_NORM, ProfileCategory.GELU, ProfileCategory.DROPOUT_RESIDUAL,
                ProfileCategory.LOSS, ProfileCategory.EMBEDDINGS, ProfileCategory.LAYOUT)) {
            assertTrue(p.seconds().get(c) > 0, c + " " + p.seconds());
        }

        // torch's answer as the script prints it: two profiled steps of 0.5 s
        JsonNode torch = JSON.readTree("""
                {"tokens_per_s": 1, "torch_version": "2.13.0+cpu", "warmup_times": [0.9, 0.6], "times": [0.5, 0.5],
                 "profile": {"steps": 2, "wall_s": 1.0, "ops": [
                   {"op": "aten::addmm", "input_shapes": [[64], [16, 64], [64, 64], [], []], "scope": null,
                    "self_s": 0.4, "calls": 20},
                   {"op": "aten::bmm", "input_shapes": [[8, 8, 16], [8, 16, 8]], "scope": null, "self_s": 0.2, "calls": 8},
                   {"op": "aten::mul", "input_shapes": [[64, 64], []], "scope": "optimizer", "self_s": 0.1, "calls": 40},
                   {"op": "optimizer", "input_shapes": [], "scope": "optimizer", "self_s": 0.02, "calls": 2}]}}""");
        BertBenchReport report = new BertBenchReport(s, Map.of("date", "d"), 0.1, r, new TorchBaseline.Outcome(torch, null));
        CategoryProfile t = report.torchProfile();
        assertEquals(0.5, t.wallSeconds());
        assertEquals(0.2, t.seconds().get(ProfileCategory.PRODUCTS), 1e-12);
        assertEquals(0.1, t.seconds().get(ProfileCategory.ATTENTION), 1e-12);
        assertEquals(0.06, t.seconds().get(ProfileCategory.OPTIMIZER), 1e-12);
        assertEquals(0.14, t.overheadSeconds(), 1e-12);
        assertEquals(14, t.opsPerStep());
        assertEquals(0.9 / 0.5, report.torchTimes().firstOverMedian(), 1e-12);

        report.write(dir);
        JsonNode n = JSON.readTree(dir.resolve("train-tiny-b2-s8.json").toFile());
        JsonNode both = n.get("profile_by_category");
        assertEquals(p.opsPerStep(), both.get("workbench").get("ops_per_step").asDouble(), 1e-9);
        assertEquals(0.2, both.get("torch").get("seconds_per_step").get("products").asDouble(), 1e-12);
        assertEquals(0.14 / 14, both.get("torch").get("overhead_per_op_seconds").asDouble(), 1e-12);
        String md = Files.readString(dir.resolve("train-tiny-b2-s8.md"));
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| products (dense matmuls) | %.3f | 0.200 | %+.3f |",
                p.seconds().get(ProfileCategory.PRODUCTS), p.seconds().get(ProfileCategory.PRODUCTS) - 0.2)), md);
        assertTrue(md.contains("| ops per step | "), md);
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
        TorchBaseline baseline = new TorchBaseline(Path.of("/venv/bin/python"), Path.of("t.py"), 1);
        String cmd = String.join(" ", baseline.command(s, false));
        assertTrue(cmd.startsWith("/venv/bin/python t.py "), cmd);
        assertTrue(cmd.contains("--layers 12 --hidden 768 --heads 12 --intermediate 3072 --vocab 28996"), cmd);
        assertTrue(cmd.endsWith("--batch 32 --seq 128 --iters 3 --warmup 1 --threads 2 --mode train"), cmd);
        assertTrue(String.join(" ", baseline.command(s, true)).endsWith("--mode train --profile"));
    }

    @Test
    void missingInterpreterIsANoteNotAFailure() throws Exception {
        BenchSettings s = new BenchSettings(BenchMode.FORWARD, BertBenchSize.TINY, 1, 4, 1, 0, 1);
        TorchBaseline.Outcome o = new TorchBaseline(dir.resolve("no-python"), Path.of("t.py"), 1).run(s, false);
        assertFalse(o.ran());
        assertTrue(o.note().contains("skipped"), o.note());
    }

    @Test
    void settingsAndMemoryParsing() {
        assertThrows(UserInputException.class,
                () -> new BenchSettings(BenchMode.TRAIN, BertBenchSize.TINY, 0, 8, 1, 0, 1));
        assertThrows(UserInputException.class,
                () -> new BenchSettings(BenchMode.TRAIN, BertBenchSize.TINY, 1, 513, 1, 0, 1));
        assertEquals(123456L * 1024, org.clinicalbert.workbench.runtime.ProcessMemory.parseKilobytes("   123456 kB"));
    }
}
