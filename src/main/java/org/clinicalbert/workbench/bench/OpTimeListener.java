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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall time per op kind (op type and input shapes: {@code matmul} on rank-4 inputs is attention, on rank-2 a dense
 * layer) summed over a run, from SameDiff's per-op listener hooks. SameDiff's own ProfilingListener writes a Chrome
 * trace per op and counts training iterations; an aggregate, over plain {@code output} calls too, is what the
 * benchmark needs to see where a step's time goes ({@link CategoryProfile}).
 */
public final class OpTimeListener extends BaseListener {

    private final Map<OpKind, long[]> totals = new HashMap<>();
    private long start;
    private OpKind current;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        // the shapes are read before the clock starts: the listener's own work stays out of the op's time
        current = new OpKind(op.getOp().opName(), shapes(opContext), null);
        start = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        long elapsed = System.nanoTime() - start;
        long[] t = totals.computeIfAbsent(current, k -> new long[2]);
        t[0] += elapsed;
        t[1]++;
    }

    /** The input arrays' shapes, as the op context holds them when the op is about to run (empty if none). */
    static List<List<Long>> shapes(OpContext context) {
        if (context == null || context.getInputArrays() == null) {
            return List.of();
        }
        List<List<Long>> shapes = new ArrayList<>();
        for (INDArray a : context.getInputArrays()) {
            shapes.add(a == null ? List.of() : Arrays.stream(a.shape()).boxed().toList());
        }
        return shapes;
    }

    public void reset() {
        totals.clear();
    }

    public double totalSeconds() {
        return totals.values().stream().mapToLong(t -> t[0]).sum() / 1e9;
    }

    /** Every op kind seen since the last {@link #reset}, most time first. */
    public List<OpTime> times() {
        List<OpTime> all = new ArrayList<>();
        totals.forEach((kind, t) -> all.add(new OpTime(kind, t[0] / 1e9, t[1])));
        all.sort(Comparator.comparingDouble(OpTime::seconds).reversed());
        return all;
    }

    /** For JSON: the {@code n} op types with the most time (shapes merged) to {seconds, calls, share}, per iteration. */
    public Map<String, Object> summary(int n, int iterations) {
        Map<String, double[]> byOp = new HashMap<>();
        for (OpTime t : times()) {
            double[] s = byOp.computeIfAbsent(t.kind().op(), k -> new double[2]);
            s[0] += t.seconds();
            s[1] += t.calls();
        }
        double total = totalSeconds();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("op_seconds_per_iter", total / iterations);
        byOp.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[0])
                .reversed()).limit(n).forEach(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds_per_iter", e.getValue()[0] / iterations);
            m.put("calls_per_iter", e.getValue()[1] / iterations);
            m.put("share", total > 0 ? e.getValue()[0] / total : 0);
            out.put(e.getKey(), m);
        });
        return out;
    }
}
