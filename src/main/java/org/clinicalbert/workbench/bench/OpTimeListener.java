package org.clinicalbert.workbench.bench;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall time per op type (matmul, layer_norm_bp, ...) summed over a run, from SameDiff's per-op listener hooks.
 * SameDiff's own ProfilingListener writes a Chrome trace per op and counts training iterations; an aggregate by
 * type, over plain {@code output} calls, is what the benchmark needs to see where a step's time goes.
 */
public final class OpTimeListener extends BaseListener {

    /** Total seconds and calls of one op type. */
    public record OpTime(String op, double seconds, long calls) {
    }

    private final Map<String, long[]> totals = new HashMap<>();
    private long start;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        start = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        long[] t = totals.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
        t[0] += System.nanoTime() - start;
        t[1]++;
    }

    public void reset() {
        totals.clear();
    }

    public double totalSeconds() {
        return totals.values().stream().mapToLong(t -> t[0]).sum() / 1e9;
    }

    /** The {@code n} op types with the most time, most first. */
    public List<OpTime> top(int n) {
        List<OpTime> all = new ArrayList<>();
        totals.forEach((op, t) -> all.add(new OpTime(op, t[0] / 1e9, t[1])));
        all.sort(Comparator.comparingDouble(OpTime::seconds).reversed());
        return all.subList(0, Math.min(n, all.size()));
    }

    /** For JSON: op to {seconds, calls, share of op time}, scaled per iteration. */
    public Map<String, Object> summary(int n, int iterations) {
        Map<String, Object> out = new LinkedHashMap<>();
        double total = totalSeconds();
        out.put("op_seconds_per_iter", total / iterations);
        for (OpTime t : top(n)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("seconds_per_iter", t.seconds() / iterations);
            e.put("calls_per_iter", (double) t.calls() / iterations);
            e.put("share", total > 0 ? t.seconds() / total : 0);
            out.put(t.op(), e);
        }
        return out;
    }
}
