package org.clinicalbert.workbench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.embed.EmbedSettings;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.runtime.MachineFacts;
import org.clinicalbert.workbench.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An embed benchmark's record: the model folder and input, the embed settings, machine facts and load at start,
 * the workbench figures (with resident memory after every group of texts) and the torch baseline over the same
 * batch shapes. Written as {@code embed-<model>-b<batch>-n<texts>.json} and a one-row {@code .md}.
 */
public record EmbedBenchReport(Path model, Path input, EmbedSettings settings, int threads,
                               Map<String, Object> machine, double loadAtStart, EmbedBenchmark.Result workbench,
                               TorchBaseline.Outcome torch) {

    private static final ObjectMapper JSON = Json.PRETTY;

    /** workbench tokens/s over torch tokens/s (same tokens, same batch shapes), or NaN without a baseline. */
    public double ratio() {
        if (torch == null || !torch.ran()) {
            return Double.NaN;
        }
        return workbench.tokensPerSecond() / torch.result().get("tokens_per_s").asDouble();
    }

    public String stem() {
        return "embed-" + model.toAbsolutePath().normalize().getFileName() + "-b" + settings.batch() + "-n"
                + workbench.texts();
    }

    /**
     * Resident memory after the first group that reached a tenth of the texts, and after the last group: equal
     * within allocator noise when the job streams.
     */
    public long[] rssAtTenthAndEnd() {
        List<EmbedBenchmark.MemoryPoint> m = workbench.memory();
        if (m.isEmpty()) {
            return new long[]{-1, -1};
        }
        long tenth = m.get(m.size() - 1).rssBytes();
        for (EmbedBenchmark.MemoryPoint p : m) {
            if (p.texts() >= workbench.texts() / 10) {
                tenth = p.rssBytes();
                break;
            }
        }
        return new long[]{tenth, m.get(m.size() - 1).rssBytes()};
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "embed");
        m.put("model", model.toString());
        m.put("input", input.toString());
        m.put("pooling", settings.pooling().label());
        m.put("layers", settings.layers().spec());
        m.put("max_seq_length", settings.maxSeqLength());
        m.put("batch", settings.batch());
        m.put("threads", threads);
        m.put("load_average_start", loadAtStart);
        m.put("machine", machine);
        Map<String, Object> w = new LinkedHashMap<>();
        EmbedBenchmark.Result r = workbench;
        w.put("texts", r.texts());
        w.put("windows", r.windows());
        w.put("batches", r.batches());
        w.put("tokens", r.tokens());
        w.put("padded_tokens", r.paddedTokens());
        w.put("seconds", r.seconds());
        w.put("tokens_per_s", r.tokensPerSecond());
        w.put("texts_per_s", r.textsPerSecond());
        w.put("rss_after_model_load_bytes", r.rssAfterLoadBytes());
        w.put("peak_rss_bytes", r.peakRssBytes());
        long[] flat = rssAtTenthAndEnd();
        w.put("rss_at_tenth_of_texts_bytes", flat[0]);
        w.put("rss_at_end_bytes", flat[1]);
        w.put("rss_after_each_group", r.memory());
        m.put("workbench", w);
        if (torch != null && torch.ran()) {
            m.put("torch_version", torch.torchVersion());
            m.put("torch", torch.result());
            m.put("ratio_workbench_over_torch", ratio());
        } else {
            m.put("torch_note", torch == null ? "not requested (--torch)" : torch.note());
        }
        return m;
    }

    public String markdown() {
        long[] flat = rssAtTenthAndEnd();
        boolean ran = torch != null && torch.ran();
        StringBuilder sb = new StringBuilder(
                "| model | texts | batch | pooling | threads | nd4j build | torch | s | texts/s | tokens/s | torch tokens/s | ratio "
                        + "| RSS at 10% GB | RSS at end GB | peak RSS GB | torch peak RSS GB | load at start | date |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        sb.append("| ").append(model.toAbsolutePath().normalize().getFileName()).append(" | ").append(workbench.texts())
                .append(" | ").append(settings.batch()).append(" | ").append(settings.pooling().label()).append(" | ")
                .append(threads).append(" | ").append(machine.get("nd4j_classifier")).append(" | ")
                .append(ran && torch.torchVersion() != null ? torch.torchVersion() : "-").append(" | ")
                .append(fmt("%.1f", workbench.seconds())).append(" | ").append(fmt("%.1f", workbench.textsPerSecond()))
                .append(" | ").append(fmt("%.0f", workbench.tokensPerSecond())).append(" | ")
                .append(ran ? fmt("%.0f", torch.result().get("tokens_per_s").asDouble()) : "-").append(" | ")
                .append(Double.isNaN(ratio()) ? "-" : fmt("%.2f", ratio())).append(" | ")
                .append(fmt("%.2f", flat[0] / 1e9)).append(" | ").append(fmt("%.2f", flat[1] / 1e9)).append(" | ")
                .append(fmt("%.2f", workbench.peakRssBytes() / 1e9)).append(" | ")
                .append(ran && torch.result().has("peak_rss_bytes")
                        ? fmt("%.2f", torch.result().get("peak_rss_bytes").asDouble() / 1e9) : "-")
                .append(" | ").append(fmt("%.2f", loadAtStart)).append(" | ").append(machine.get("date")).append(" |\n");
        if (loadAtStart > MachineFacts.BUSY_LOAD) {
            sb.append("\n> Warning: load average ").append(fmt("%.2f", loadAtStart))
                    .append(" at start: other processes shared the CPU; the figures are noisy.\n");
        }
        if (torch != null && !torch.ran()) {
            sb.append("\n> ").append(torch.note()).append('\n');
        }
        return sb.toString();
    }

    /** Writes the JSON and Markdown files into {@code dir}; returns the JSON path. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(stem() + ".json");
        AtomicFiles.writeBytes(json, JSON.writeValueAsBytes(toMap()));
        AtomicFiles.writeString(dir.resolve(stem() + ".md"), markdown());
        return json;
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }
}
