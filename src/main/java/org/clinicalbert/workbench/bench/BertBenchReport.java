package org.clinicalbert.workbench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.runtime.MachineFacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A BERT benchmark's record: settings, machine facts, the load average at start, the workbench figures, the
 * torch baseline (or why it is missing) and the workbench/torch throughput ratio. Written as
 * {@code <mode>-<size>-b<batch>-s<seq>.json} and a Markdown table row {@code .md}.
 */
public record BertBenchReport(BenchSettings settings, Map<String, Object> machine, double loadAtStart,
                              BertBenchResult workbench, TorchBaseline.Outcome torch) {

    private static final ObjectMapper JSON = Json.PRETTY;

    /** workbench tokens/s over torch tokens/s, or NaN without a baseline. */
    public double ratio() {
        if (torch == null || !torch.ran()) {
            return Double.NaN;
        }
        return workbench.tokensPerSecond() / torch.result().get("tokens_per_s").asDouble();
    }

    /** The same ratio from each side's fastest iteration (less sensitive to other processes), or NaN. */
    public double bestRatio() {
        if (torch == null || !torch.ran() || !torch.result().has("times") || torch.result().get("times").isEmpty()) {
            return Double.NaN;
        }
        double best = Double.MAX_VALUE;
        for (var t : torch.result().get("times")) {
            best = Math.min(best, t.asDouble());
        }
        return workbench.bestTokensPerSecond() / (settings.tokensPerIter() / best);
    }

    public boolean busy() {
        return loadAtStart > MachineFacts.BUSY_LOAD;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "bert " + settings.mode().label());
        m.put("mode", settings.mode().label());
        m.put("size", settings.size().label());
        m.put("batch", settings.batch());
        m.put("grad_accum_micro_batches", settings.accum());
        m.put("seq", settings.seq());
        m.put("iters", settings.iters());
        m.put("warmup", settings.warmup());
        m.put("threads", settings.threads());
        m.put("load_average_start", loadAtStart);
        m.put("machine", machine);
        m.put("workbench", workbench.toMap());
        if (torch != null && torch.ran()) {
            m.put("torch", torch.result());
            m.put("ratio_workbench_over_torch", ratio());
            m.put("ratio_best_workbench_over_torch", bestRatio());
        } else {
            m.put("torch_note", torch == null ? "not requested (--torch)" : torch.note());
        }
        return m;
    }

    public static String markdownHeader() {
        return "| mode | size | batch | seq | threads | nd4j build | s/iter | tokens/s | torch tokens/s | ratio | best ratio | peak RSS GB | torch peak RSS GB | load at start | date |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    public String markdownRow() {
        String torchTps = torch != null && torch.ran()
                ? fmt("%.0f", torch.result().get("tokens_per_s").asDouble()) : "-";
        String ratio = Double.isNaN(ratio()) ? "-" : fmt("%.2f", ratio());
        String best = Double.isNaN(bestRatio()) ? "-" : fmt("%.2f", bestRatio());
        String torchRss = torch != null && torch.ran() && torch.result().has("peak_rss_bytes")
                ? fmt("%.2f", torch.result().get("peak_rss_bytes").asDouble() / 1e9) : "-";
        return "| " + settings.mode().label() + " | " + settings.size().label() + " | " + settings.batch() + " | "
                + settings.seq() + " | " + settings.threads() + " | " + machine.get("nd4j_classifier") + " | "
                + fmt("%.3f", workbench.meanSeconds()) + " | " + fmt("%.0f", workbench.tokensPerSecond()) + " | "
                + torchTps + " | " + ratio + " | " + best + " | " + fmt("%.2f", workbench.peakRssBytes() / 1e9) + " | "
                + torchRss + " | " + fmt("%.2f", loadAtStart) + " | " + machine.get("date") + " |\n";
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder(markdownHeader()).append(markdownRow());
        if (busy()) {
            sb.append("\n> Warning: load average ").append(fmt("%.2f", loadAtStart))
                    .append(" at start (> ").append(MachineFacts.BUSY_LOAD)
                    .append("): other processes shared the CPU; the figures are noisy.\n");
        }
        if (torch != null && !torch.ran()) {
            sb.append("\n> ").append(torch.note()).append('\n');
        }
        return sb.toString();
    }

    /** Writes the JSON and Markdown files into {@code dir}; returns the JSON path. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(settings.stem() + ".json");
        AtomicFiles.writeBytes(json, JSON.writeValueAsBytes(toMap()));
        AtomicFiles.writeString(dir.resolve(settings.stem() + ".md"), markdown());
        return json;
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }
}
