package org.clinicalbert.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A 10-item three-class example counted by hand (MedNLI's labels). */
class ClassificationMetricsTest {

    // gold:      e e e e c c c n n n
    // predicted: e e e c c c n n e n
    private static final List<String> GOLD = List.of("entailment", "entailment", "entailment", "entailment",
            "contradiction", "contradiction", "contradiction", "neutral", "neutral", "neutral");
    private static final List<String> PRED = List.of("entailment", "entailment", "entailment", "contradiction",
            "contradiction", "contradiction", "neutral", "neutral", "entailment", "neutral");

    @Test
    void confusionMatrixRowsAreGoldColumnsPredicted() {
        ClassificationMetrics m = ClassificationMetrics.of(GOLD, PRED);
        ConfusionMatrix c = m.confusion();
        assertEquals(List.of("contradiction", "entailment", "neutral"), c.labels());
        assertEquals(1, c.count("entailment", "contradiction")); // a gold entailment predicted contradiction
        assertEquals(0, c.count("contradiction", "entailment"));
        assertEquals(1, c.count("contradiction", "neutral"));
        assertEquals(1, c.count("neutral", "entailment"));
        assertEquals(3, c.count("entailment", "entailment"));
        assertEquals(4, c.goldTotal("entailment"));
        assertEquals(4, c.predictedTotal("entailment"));
        assertEquals(10, c.total());
        assertEquals("gold\\predicted\tcontradiction\tentailment\tneutral\n"
                + "contradiction\t2\t0\t1\n"
                + "entailment\t1\t3\t0\n"
                + "neutral\t0\t1\t2\n", c.toTsv());
    }

    @Test
    void perClassMacroMicroAndAccuracy() {
        ClassificationMetrics m = ClassificationMetrics.of(GOLD, PRED);
        assertEquals(0.7, m.accuracy(), 1e-12);
        // entailment: tp3 fp1 fn1 -> P=R=F=0.75; contradiction: tp2 fp1 fn1 -> 2/3; neutral: tp2 fp1 fn1 -> 2/3
        ClassScores e = m.scores("entailment");
        assertEquals(new ClassScores(3, 1, 1), e);
        assertEquals(0.75, e.f1(), 1e-12);
        assertEquals(4, e.support());
        assertEquals(2.0 / 3, m.scores("neutral").precision(), 1e-12);
        double macroF1 = (0.75 + 2.0 / 3 + 2.0 / 3) / 3;
        assertEquals(macroF1, m.macro().f1(), 1e-12);
        // micro over all classes of a single-label task equals accuracy
        assertEquals(0.7, m.micro(Set.of()).f1(), 1e-12);
        // leaving out entailment: tp4 fp2 fn2
        assertEquals(new ClassScores(4, 2, 2), m.micro(Set.of("entailment")));
        assertEquals((2.0 / 3 + 2.0 / 3) / 2, m.macro(Set.of("entailment")).f1(), 1e-12);
    }

    @Test
    void unevenPrecisionAndRecall() {
        // gold a a a b; predicted a b b b: a tp1 fp0 fn2 -> P1 R1/3 F0.5; b tp1 fp2 fn0 -> P1/3 R1 F0.5
        ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "a", "a", "b"), List.of("a", "b", "b", "b"));
        assertEquals(1.0, m.scores("a").precision());
        assertEquals(1.0 / 3, m.scores("a").recall(), 1e-12);
        assertEquals(0.5, m.scores("a").f1(), 1e-12);
        assertEquals(0.5, m.scores("b").f1(), 1e-12);
        assertEquals((1 + 1.0 / 3) / 2, m.macro().precision(), 1e-12);
    }

    @Test
    void fixedLabelSetKeepsUnseenClassesAndRejectsUnknownOnes() {
        ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "a"), List.of("a", "a"), List.of("a", "b"));
        assertEquals(new ClassScores(0, 0, 0), m.scores("b"));
        assertEquals(0.5, m.macro().f1(), 1e-12); // unseen class scores 0 and counts in the macro mean
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(List.of("a", "c"), List.of("a", "a"), List.of("a", "b")));
        assertTrue(e.getMessage().contains("item 1: unknown gold label 'c'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(List.of("a"), List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> m.confusion().count("zzz", "a"));
    }

    @Test
    void emptyInputScoresZero() {
        ClassificationMetrics m = ClassificationMetrics.of(List.of(), List.of());
        assertEquals(0.0, m.accuracy());
        assertEquals(0, m.total());
    }
}
