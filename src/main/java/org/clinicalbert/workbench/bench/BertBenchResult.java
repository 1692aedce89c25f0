package org.clinicalbert.workbench.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workbench side of one BERT benchmark: every iteration (warm-up included) and memory.
 *
 * @param graphBuildSeconds building the graph, initialising weights (and, in training, the gradient function)
 * @param buildRssBytes     VmRSS once the model is built and initialised, before the first iteration (-1 if unknown)
 * @param times             the warm-up and timed iterations; throughput is the median's
 * @param losses            training loss of each timed step (empty for forward)
 * @param stepParts         where each timed training step's time went (empty for forward)
 * @param peakRssBytes      VmHWM at the end, -1 if unknown
 * @param heapUsedBytes     Java heap in use after the last iteration
 * @param opProfile         op time by type per timed iteration ({@link OpTimeListener#summary}), empty unless profiled
 * @param profile           the timed iterations grouped by {@link ProfileCategory}, null unless profiled
 */
public record BertBenchResult(BenchSettings settings, double graphBuildSeconds, long buildRssBytes, StepTimes times,
                              List<Double> losses, List<StepParts> stepParts, long peakRssBytes, long heapUsedBytes,
                              Map<String, Object> opProfile, CategoryProfile profile) {

    /**
     * A training step split: dropout masks + forward + backward (+ accumulation), optimiser update (seconds), and
     * the resident memory after it (flat from step to step when nothing leaks).
     */
    public record StepParts(double gradientSeconds, double optimizerSeconds, long rssAfterBytes) {
    }

    public BertBenchResult {
        losses = List.copyOf(losses);
        stepParts = List.copyOf(stepParts);
        opProfile = opProfile == null ? Map.of() : opProfile;
    }

    /** The headline: tokens per second of the median timed iteration. */
    public double tokensPerSecond() {
        return settings.tokensPerIter() / times.median();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", "workbench samediff");
        m.putAll(times.toMap(settings.tokensPerIter()));
        m.put(settings.mode() == BenchMode.TRAIN ? "steps_per_s" : "iters_per_s", 1 / times.median());
        m.put("graph_build_s", graphBuildSeconds);
        if (!losses.isEmpty()) {
            m.put("losses", losses);
        }
        if (!stepParts.isEmpty()) {
            m.put("gradients_s", mean(stepParts.stream().mapToDouble(StepParts::gradientSeconds).toArray()));
            m.put("optimizer_s", mean(stepParts.stream().mapToDouble(StepParts::optimizerSeconds).toArray()));
        }
        m.put("build_rss_bytes", buildRssBytes);
        m.put("peak_rss_bytes", peakRssBytes);
        if (!stepParts.isEmpty()) {
            m.put("rss_after_each_step_bytes", stepParts.stream().map(StepParts::rssAfterBytes).toList());
        }
        m.put("heap_used_bytes", heapUsedBytes);
        if (!opProfile.isEmpty()) {
            m.put("op_profile", opProfile);
        }
        return m;
    }

    private static double mean(double[] xs) {
        return java.util.Arrays.stream(xs).average().orElse(Double.NaN);
    }
}
