package org.clinicalbert.workbench.data.ner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reproducible train/dev split by document (or by a document group, e.g. the patient of an i2b2 2014 record,
 * as the original notebooks split by patient) for corpora that ship without a dev set.
 * The ids are sorted before shuffling, so the split depends only on the seed and the id set, not on file order.
 */
public final class DevSplit {

    private final long seed;
    private final double devFraction;

    public DevSplit(long seed, double devFraction) {
        if (!(devFraction >= 0 && devFraction < 1)) {
            throw new IllegalArgumentException("dev fraction must be in [0,1): " + devFraction);
        }
        this.seed = seed;
        this.devFraction = devFraction;
    }

    /** The ids that go to dev; the rest are train. */
    public Set<String> devIds(Collection<String> ids) {
        return devIds(ids, Function.identity());
    }

    public Set<String> devIds(Collection<String> ids, Function<String, String> groupOf) {
        TreeMap<String, List<String>> groups = new TreeMap<>();
        for (String id : ids) {
            groups.computeIfAbsent(groupOf.apply(id), g -> new ArrayList<>()).add(id);
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        Collections.shuffle(keys, new Random(seed));
        int nDev = (int) Math.round(keys.size() * devFraction);
        if (devFraction > 0 && nDev == 0 && keys.size() > 1) {
            nDev = 1;
        }
        Set<String> dev = new HashSet<>();
        for (String key : keys.subList(0, nDev)) {
            dev.addAll(groups.get(key));
        }
        return dev;
    }
}
