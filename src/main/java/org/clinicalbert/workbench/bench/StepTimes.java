package org.clinicalbert.workbench.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The iterations of one benchmark side, warm-up included: the headline is the median of the timed iterations
 * (robust to one disturbed step on a shared machine), and the first iteration is reported on its own because
 * users pay it (SameDiff's lazy set-up and the allocator settling make it the slowest). The torch script computes
 * the same figures under the same JSON names ({@code step_figures} in {@code tools/bench/torch_bert_bench.py}).
 *
 * @param warmup the untimed iterations, in order (may be empty)
 * @param timed  the timed iterations, in order (at least one)
 */
public record StepTimes(List<Double> warmup, List<Double> timed) {

    public StepTimes {
        if (timed.isEmpty()) {
            throw new IllegalArgumentException("no timed iterations");
        }
        warmup = List.copyOf(warmup);
        timed = List.copyOf(timed);
    }

    /** The middle timed iteration, or the mean of the two middle ones for an even count. */
    public double median() {
        List<Double> sorted = new ArrayList<>(timed);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double mean() {
        return timed.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The fastest timed iteration: on a shared machine the least disturbed one. */
    public double best() {
        return timed.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** The very first iteration: the first warm-up one, or the first timed one without warm-up. */
    public double first() {
        return warmup.isEmpty() ? timed.get(0) : warmup.get(0);
    }

    /** How much slower the first iteration is than a settled one (1.0: no start-up cost). */
    public double firstOverMedian() {
        return first() / median();
    }

    /** The shared JSON fields, throughput from {@code tokensPerIter} tokens per iteration. */
    public Map<String, Object> toMap(long tokensPerIter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median_seconds_per_iter", median());
        m.put("mean_seconds_per_iter", mean());
        m.put("best_seconds_per_iter", best());
        m.put("first_step_seconds", first());
        m.put("first_over_median", firstOverMedian());
        m.put("tokens_per_s", tokensPerIter / median());
        m.put("mean_tokens_per_s", tokensPerIter / mean());
        m.put("best_tokens_per_s", tokensPerIter / best());
        m.put("times", timed);
        m.put("warmup_times", warmup);
        return m;
    }
}
