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
 * torch baseline with its version (or why it is missing), the workbench/torch throughput ratio of the median
 * iterations, and with {@code --profile} both sides' steps grouped by {@link ProfileCategory}. Written as
 * {@code <mode>-<size>-b<batch>-s<seq>.json} and a Markdown table row {@code .md}.
 */
public record BertBenchReport(BenchSettings settings, Map<String, Object> machine, double loadAtStart,
                              BertBenchResult workbench, TorchBaseline.Outcome torch) {

    private static final ObjectMapper JSON = Json.PRETTY;

    /** Median workbench tokens/s over median torch tokens/s, or NaN without a baseline. */
    public double ratio() {
        StepTimes t = torchTimes();
        return t == null ? Double.NaN : t.median() / workbench.times().median();
    }

    /** The same ratio from each side's fastest iteration (less sensitive to other processes), or NaN. */
    public double bestRatio() {
        StepTimes t = torchTimes();
        return t == null ? Double.NaN : t.best() / workbench.times().best();
    }

    /** The torch side's iterations, null when it did not run. */
    public StepTimes torchTimes() {
        return torch == null ? null : torch.stepTimes();
    }

    /** The torch side's profile grouped as the workbench's, null unless both ran with --profile. */
    public CategoryProfile torchProfile() {
        return torch == null ? null
                : torch.profile(ProfileCategory.Dimensions.of(settings.size().config(), BertBenchmark.NUM_LABELS));
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
            m.put("torch_version", torch.torchVersion());
            m.put("torch", torch.result());
            m.put("ratio_median_workbench_over_torch", ratio());
            m.put("ratio_best_workbench_over_torch", bestRatio());
        } else {
            m.put("torch_note", torch == null ? "not requested (--torch)" : torch.note());
        }
        if (workbench.profile() != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("workbench", workbench.profile().toMap());
            CategoryProfile t = torchProfile();
            if (t != null) {
                p.put("torch", t.toMap());
            }
            m.put("profile_by_category", p);
        }
        return m;
    }

    public static String markdownHeader() {
        return "| mode | size | batch | seq | threads | nd4j build | torch | median s/iter | tokens/s (median) "
                + "| torch tokens/s | ratio (median) | best ratio | first step s | torch first step s | peak RSS GB "
                + "| torch peak RSS GB | load at start | date |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    public String markdownRow() {
        StepTimes t = torchTimes();
        boolean ran = torch != null && torch.ran();
        String torchRss = ran && torch.result().has("peak_rss_bytes")
                ? fmt("%.2f", torch.result().get("peak_rss_bytes").asDouble() / 1e9) : "-";
        return "| " + settings.mode().label() + " | " + settings.size().label() + " | " + settings.batch() + " | "
                + settings.seq() + " | " + settings.threads() + " | " + machine.get("nd4j_classifier") + " | "
                + (ran && torch.torchVersion() != null ? torch.torchVersion() : "-") + " | "
                + fmt("%.3f", workbench.times().median()) + " | " + fmt("%.0f", workbench.tokensPerSecond()) + " | "
                + (t == null ? "-" : fmt("%.0f", settings.tokensPerIter() / t.median())) + " | "
                + orDash("%.2f", ratio()) + " | " + orDash("%.2f", bestRatio()) + " | "
                + fmt("%.3f", workbench.times().first()) + " | " + (t == null ? "-" : fmt("%.3f", t.first())) + " | "
                + fmt("%.2f", workbench.peakRssBytes() / 1e9) + " | " + torchRss + " | " + fmt("%.2f", loadAtStart)
                + " | " + machine.get("date") + " |\n";
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
        if (workbench.profile() != null) {
            sb.append("\nWhere a step goes (seconds per step, profiled timed steps; ")
                    .append("results/bench/README.md describes the grouping):\n\n")
                    .append(CategoryProfile.sideBySide(workbench.profile(), torchProfile()));
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

    private static String orDash(String f, double v) {
        return Double.isNaN(v) ? "-" : fmt(f, v);
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }
}
