package org.clinicalbert.workbench.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which examples go into which batch, per epoch. Examples are shuffled (seed and epoch), then sorted by length
 * within pools of 50 batches so that each batch pads to a similar length (less wasted compute), and the
 * batches themselves are shuffled. A pure function of (seed, epoch): resumed runs see the same batches.
 */
public final class BatchPlanner {

    private static final int POOL_BATCHES = 50;

    private BatchPlanner() {
    }

    public static List<int[]> plan(int[] lengths, int batchSize, long seed, int epoch) {
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Random random = new Random(seed * 7919L + epoch);
        Collections.shuffle(order, random);
        int pool = batchSize * POOL_BATCHES;
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += pool) {
            List<Integer> chunk = new ArrayList<>(order.subList(start, Math.min(order.size(), start + pool)));
            chunk.sort(Comparator.comparingInt(i -> lengths[i]));
            for (int b = 0; b < chunk.size(); b += batchSize) {
                batches.add(chunk.subList(b, Math.min(chunk.size(), b + batchSize)).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Consecutive batches in input order, for evaluation and prediction. */
    public static List<int[]> sequential(int count, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < count; start += batchSize) {
            int end = Math.min(count, start + batchSize);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            batches.add(idx);
        }
        return batches;
    }
}
