package org.clinicalbert.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link KFold} properties and {@link Aggregate} against hand-computed means and sample deviations. */
class FoldTest {

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("doc-" + i);
        }
        return ids;
    }

    @Test
    void everyIdIsHeldOutInExactlyOneFoldAndTrainIsTheRest() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int k = 2 + rng.nextInt(9);
            int n = k + rng.nextInt(60);
            List<String> ids = ids(n);
            List<Fold> folds = new KFold(k, rng.nextLong()).split(ids);
            assertEquals(k, folds.size());
            Set<String> heldSomewhere = new HashSet<>();
            int minSize = Integer.MAX_VALUE;
            int maxSize = 0;
            for (Fold f : folds) {
                for (String id : f.heldOut()) {
                    assertTrue(heldSomewhere.add(id), id + " held out twice");
                }
                Set<String> train = new HashSet<>(f.train());
                assertEquals(f.train().size(), train.size());
                for (String id : f.heldOut()) {
                    assertTrue(!train.contains(id), id + " in both train and held-out of fold " + f.index());
                }
                assertEquals(n, train.size() + f.heldOut().size());
                minSize = Math.min(minSize, f.heldOut().size());
                maxSize = Math.max(maxSize, f.heldOut().size());
            }
            assertEquals(new HashSet<>(ids), heldSomewhere);
            assertTrue(maxSize - minSize <= 1, "fold sizes " + minSize + ".." + maxSize);
        }
    }

    @Test
    void sameSeedSameSplitWhateverTheInputOrderOtherSeedDiffers() {
        List<String> ids = ids(100);
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(new KFold(10, 42).split(ids), new KFold(10, 42).split(shuffled));
        assertNotEquals(new KFold(10, 42).split(ids), new KFold(10, 43).split(ids));
    }

    @Test
    void badSplitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new KFold(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KFold(5, 0).split(ids(4)));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> new KFold(2, 0).split(List.of("a", "b", "a")));
        assertTrue(dup.getMessage().contains("'a' occurs more than once"), dup.getMessage());
    }

    @Test
    void meanAndSampleStandardDeviation() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, sample variance 32/7
        FoldSummary s = Aggregate.of("f1", List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0));
        assertEquals(5.0, s.mean(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), s.std(), 1e-12);
        assertEquals(2.0, s.min());
        assertEquals(9.0, s.max());
        assertEquals(8, s.n());
        assertEquals("f1: 5.0000 ± 2.1381 (n=8)", s.toString());
        assertTrue(Double.isNaN(Aggregate.of("f1", List.of(0.8)).std()));
    }

    @Test
    void acrossFoldsPerMetric() {
        Map<String, FoldSummary> out = Aggregate.across(List.of(
                Map.of("accuracy", 0.8, "f1", 0.5),
                Map.of("accuracy", 0.9, "f1", 0.7)));
        assertEquals(0.85, out.get("accuracy").mean(), 1e-12);
        assertEquals(Math.sqrt(0.005), out.get("accuracy").std(), 1e-12);
        assertEquals(0.6, out.get("f1").mean(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregate.across(List.of(
                Map.of("accuracy", 0.8, "f1", 0.5), Map.of("accuracy", 0.9))));
        assertTrue(e.getMessage().contains("fold 1 has no value for metric 'f1'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aggregate.of("f1", List.of(0.5, Double.NaN)));
    }
}
