package org.clinicalbert.workbench.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Reproducible k-fold split of document or sentence ids (the pooled train and dev ids, as the original
 * study re-split them for its 10 cross-validation iterations).
 *
 * <p>The ids are first sorted, so the split depends only on the set of ids, the seed and k, not on the
 * order in which files were listed; then shuffled with {@link java.util.Random} (whose algorithm is fixed by
 * the Java specification, so the same seed gives the same split on every JVM) and dealt round-robin, so
 * fold sizes differ by at most one and every id is held out in exactly one fold.
 */
public final class KFold {

    private final int k;
    private final long seed;

    public KFold(int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2, got " + k);
        }
        this.k = k;
        this.seed = seed;
    }

    public List<Fold> split(Collection<String> ids) {
        List<String> order = new ArrayList<>(ids);
        Set<String> seen = new HashSet<>();
        for (String id : order) {
            if (id == null) {
                throw new IllegalArgumentException("null id");
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException("id '" + id + "' occurs more than once");
            }
        }
        if (order.size() < k) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " ids, got " + order.size());
        }
        Collections.sort(order);
        Collections.shuffle(order, new Random(seed));
        List<List<String>> heldOut = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            heldOut.add(new ArrayList<>());
        }
        for (int i = 0; i < order.size(); i++) {
            heldOut.get(i % k).add(order.get(i));
        }
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            List<String> train = new ArrayList<>(order.size() - heldOut.get(f).size());
            for (int g = 0; g < k; g++) {
                if (g != f) {
                    train.addAll(heldOut.get(g));
                }
            }
            Collections.sort(train);
            List<String> held = heldOut.get(f);
            Collections.sort(held);
            folds.add(new Fold(f, train, held));
        }
        return folds;
    }
}
