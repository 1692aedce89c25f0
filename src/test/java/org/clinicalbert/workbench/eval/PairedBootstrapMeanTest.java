package org.clinicalbert.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bootstrap of mean scores over several models per system (seeds, folds), and of one system alone. */
class PairedBootstrapMeanTest {

    private static List<Boolean> draws(long seed, double p, int n) {
        Random rng = new Random(seed);
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(rng.nextDouble() < p);
        }
        return out;
    }

    /** A system of one model ({@code List.of(array)} would spread a 2-d array into its rows). */
    private static List<double[][]> one(double[][] model) {
        return java.util.Collections.singletonList(model);
    }

    @Test
    void oneModelEachIsThePlainPairedBootstrap() {
        List<Boolean> a = draws(1, 0.8, 200);
        List<Boolean> b = draws(2, 0.7, 200);
        PairedBootstrap boot = new PairedBootstrap(300, 0.95, 9);
        assertEquals(boot.accuracyDifference(a, b), boot.meanDifference(
                one(PairedBootstrap.accuracyCounts(a)), one(PairedBootstrap.accuracyCounts(b)),
                PairedBootstrap.ACCURACY));
    }

    @Test
    void observedDifferenceIsTheDifferenceOfMeanScores() {
        // by hand: A's models score 3/4 and 1/4 (mean 0.5), B's one model 1/4
        List<double[][]> a = List.of(
                PairedBootstrap.accuracyCounts(List.of(true, true, true, false)),
                PairedBootstrap.accuracyCounts(List.of(false, false, true, false)));
        List<double[][]> b = one(PairedBootstrap.accuracyCounts(List.of(true, false, false, false)));
        BootstrapInterval ci = new PairedBootstrap(100, 0.95, 1).meanDifference(a, b, PairedBootstrap.ACCURACY);
        assertEquals(0.25, ci.observed(), 1e-12);
        assertTrue(ci.lower() <= ci.upper());
    }

    @Test
    void withoutBTheIntervalIsOfAsOwnScoreAndBracketsIt() {
        List<Boolean> a = draws(5, 0.75, 400);
        BootstrapInterval ci = new PairedBootstrap(1000, 0.95, 3).meanDifference(
                one(PairedBootstrap.accuracyCounts(a)), List.of(), PairedBootstrap.ACCURACY);
        double p = a.stream().filter(x -> x).count() / 400.0;
        assertEquals(p, ci.observed(), 1e-12);
        // against the normal approximation p +- 1.96 sqrt(p(1-p)/n), within a tolerance for resampling noise
        double half = 1.96 * Math.sqrt(p * (1 - p) / 400);
        assertEquals(p - half, ci.lower(), 0.01);
        assertEquals(p + half, ci.upper(), 0.01);
        assertEquals(0.0, ci.fractionNotAbove());
    }

    @Test
    void identicalModelsAverageToOne() {
        double[][] m = PairedBootstrap.accuracyCounts(draws(4, 0.6, 100));
        PairedBootstrap boot = new PairedBootstrap(200, 0.9, 2);
        assertEquals(boot.meanDifference(one(m), List.of(), PairedBootstrap.ACCURACY),
                boot.meanDifference(List.of(m, m, m), List.of(), PairedBootstrap.ACCURACY));
    }

    @Test
    void modelsOverDifferentUnitsAreRefused() {
        double[][] three = PairedBootstrap.accuracyCounts(List.of(true, true, false));
        double[][] two = PairedBootstrap.accuracyCounts(List.of(true, false));
        var e = assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(10, 0.95, 1)
                .meanDifference(one(three), one(two), PairedBootstrap.ACCURACY));
        assertTrue(e.getMessage().contains("same, non-zero number of units"), e.getMessage());
    }
}
