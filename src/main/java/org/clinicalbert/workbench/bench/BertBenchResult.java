package org.clinicalbert.workbench.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workbench side of one BERT benchmark: timed iterations (after warm-up) and memory.
 *
 * @param graphBuildSeconds building the graph, initialising weights (and, in training, the gradient function)
 * @param warmupSeconds     the untimed first iterations
 * @param seconds           the timed iterations
 * @param losses            training loss of each timed step (empty for forward)
 * @param stepParts         where each timed training step's time went (empty for forward)
 * @param buildRssBytes     VmRSS once the model is built and initialised, before the first iteration (-1 if unknown)
 * @param peakRssBytes      VmHWM at the end, -1 if unknown
 * @param heapUsedBytes     Java heap in use after the last iteration
 * @param opProfile         op time by type per timed iteration ({@link OpTimeListener#summary}), empty unless profiled
 */
public record BertBenchResult(BenchSettings settings, double graphBuildSeconds, long buildRssBytes,
                              List<Double> warmupSeconds,
                              List<Double> seconds, List<Double> losses, List<StepParts> stepParts,
                              long peakRssBytes, long heapUsedBytes, Map<String, Object> opProfile) {

    /**
     * A training step split: dropout masks + forward + backward (+ accumulation), optimiser update (seconds), and
     * the resident memory after it (flat from step to step when nothing leaks).
     */
    public record StepParts(double gradientSeconds, double optimizerSeconds, long rssAfterBytes) {
    }

    public BertBenchResult {
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("no timed iterations");
        }
        warmupSeconds = List.copyOf(warmupSeconds);
        seconds = List.copyOf(seconds);
        losses = List.copyOf(losses);
        stepParts = List.copyOf(stepParts);
        opProfile = opProfile == null ? Map.of() : opProfile;
    }

    public double meanSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The fastest timed iteration: on a shared machine the least disturbed one. */
    public double bestSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double bestTokensPerSecond() {
        return settings.tokensPerIter() / bestSeconds();
    }

    public double itersPerSecond() {
        return 1.0 / meanSeconds();
    }

    public double tokensPerSecond() {
        return settings.tokensPerIter() / meanSeconds();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", "workbench samediff");
        m.put("seconds_per_iter", meanSeconds());
        m.put(settings.mode() == BenchMode.TRAIN ? "steps_per_s" : "iters_per_s", itersPerSecond());
        m.put("tokens_per_s", tokensPerSecond());
        m.put("best_seconds_per_iter", bestSeconds());
        m.put("best_tokens_per_s", bestTokensPerSecond());
        m.put("times", seconds);
        m.put("warmup_times", warmupSeconds);
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
