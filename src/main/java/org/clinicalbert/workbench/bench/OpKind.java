package org.clinicalbert.workbench.bench;

import java.util.List;

/**
 * One kind of op as a profiler saw it: its name ({@code matmul_bp} in SameDiff, {@code aten::addmm} in torch), the
 * shapes of its inputs (what tells an attention product from a dense one) and the named block it ran in
 * ({@code "optimizer"} for the torch script's optimizer step, null elsewhere).
 */
public record OpKind(String op, List<List<Long>> inputShapes, String scope) {

    public OpKind {
        inputShapes = inputShapes.stream().map(List::copyOf).toList();
    }

    /** The rank of input {@code i}, -1 when the op has no such input (or its shape was not recorded). */
    public int rank(int i) {
        return i < inputShapes.size() ? inputShapes.get(i).size() : -1;
    }

    /** The last dimension of input {@code i}, -1 for a scalar or a missing input. */
    public long lastDimension(int i) {
        return rank(i) > 0 ? inputShapes.get(i).get(rank(i) - 1) : -1;
    }
}
