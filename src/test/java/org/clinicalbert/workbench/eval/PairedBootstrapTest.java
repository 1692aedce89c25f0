package org.clinicalbert.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Paired bootstrap: degenerate cases by hand, and the interval against the normal approximation. */
class PairedBootstrapTest {

    @Test
    void identicalSystemsGiveAZeroInterval() {
        List<Boolean> a = List.of(true, false, true, true);
        BootstrapInterval ci = new PairedBootstrap(200, 0.95, 1).accuracyDifference(a, a);
        assertEquals(new BootstrapInterval(0, 0, 0, 0.95, 200, 1.0), ci);
    }

    @Test
    void alwaysBetterSystemGivesAPointInterval() {
        BootstrapInterval ci = new PairedBootstrap(100, 0.9, 1).accuracyDifference(
                List.of(true, true, true), List.of(false, false, false));
        assertEquals(1.0, ci.observed());
        assertEquals(1.0, ci.lower());
        assertEquals(1.0, ci.upper());
        assertEquals(0.0, ci.fractionNotAbove());
    }

    @Test
    void intervalMatchesTheNormalApproximationForAccuracy() {
        // 400 examples: per-example differences d_i in {-1, 0, 1}; the bootstrap percentile interval of the mean
        // difference should be close to mean +- 1.96 * sd(d) / sqrt(n)
        Random rng = new Random(3);
        List<Boolean> a = new ArrayList<>();
        List<Boolean> b = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            a.add(rng.nextDouble() < 0.8);
            b.add(rng.nextDouble() < 0.7);
        }
        double[] d = new double[400];
        double mean = 0;
        for (int i = 0; i < 400; i++) {
            d[i] = (a.get(i) ? 1 : 0) - (b.get(i) ? 1 : 0);
            mean += d[i] / 400;
        }
        double var = 0;
        for (double x : d) {
            var += (x - mean) * (x - mean) / 400;
        }
        double halfWidth = 1.96 * Math.sqrt(var / 400);
        BootstrapInterval ci = new PairedBootstrap(4000, 0.95, 11).accuracyDifference(a, b);
        assertEquals(mean, ci.observed(), 1e-12);
        assertEquals(mean - halfWidth, ci.lower(), 0.15 * halfWidth);
        assertEquals(mean + halfWidth, ci.upper(), 0.15 * halfWidth);
        // same seed, same interval
        assertEquals(ci, new PairedBootstrap(4000, 0.95, 11).accuracyDifference(a, b));
    }

    @Test
    void entityF1DifferenceObservedEqualsConllevalDifference() {
        List<List<TagPair>> a = List.of(
                List.of(new TagPair("B-x", "B-x"), new TagPair("I-x", "I-x"), new TagPair("O", "O")),
                List.of(new TagPair("B-y", "B-y"), new TagPair("O", "B-x")));
        List<List<TagPair>> b = List.of(
                List.of(new TagPair("B-x", "B-x"), new TagPair("I-x", "O"), new TagPair("O", "O")),
                List.of(new TagPair("B-y", "B-y"), new TagPair("O", "O")));
        BootstrapInterval ci = new PairedBootstrap(500, 0.95, 5).entityF1Difference(a, b);
        double expected = ConllEval.evaluate(a).overall().f1() - ConllEval.evaluate(b).overall().f1();
        assertEquals(expected, ci.observed(), 1e-12);
        assertTrue(ci.lower() <= ci.upper());
        List<List<TagPair>> otherGold = List.of(a.get(0), List.of(new TagPair("O", "O"), new TagPair("O", "O")));
        assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(10, 0.95, 5).entityF1Difference(a, otherGold));
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] v = {1, 2, 3, 4};
        assertEquals(1.0, PairedBootstrap.quantile(v, 0), 1e-12);
        assertEquals(4.0, PairedBootstrap.quantile(v, 1), 1e-12);
        assertEquals(2.5, PairedBootstrap.quantile(v, 0.5), 1e-12);
        assertEquals(1.075, PairedBootstrap.quantile(v, 0.025), 1e-12); // numpy.quantile([1,2,3,4], 0.025)
    }
}
