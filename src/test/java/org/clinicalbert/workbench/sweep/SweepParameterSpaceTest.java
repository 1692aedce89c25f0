package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepParameterSpaceTest {

    @Test
    void studyGridEnumeratesEveryCombinationOnceWithTypedValues() {
        SweepConfig sweep = new SweepFileLoader(SweepFixtures.LOADER).load(Path.of("experiments/sweeps/mednli-grid.yaml"));
        assertEquals(18, CandidateGenerators.planned(sweep));
        List<SweepCandidate> all = CandidateGenerators.list(sweep, 100);
        assertEquals(18, all.size(), "the generator stops at the grid's end");

        // the Cartesian product, built independently of Arbiter
        Set<List<Object>> expected = new HashSet<>();
        for (double lr : new double[]{2e-5, 3e-5, 5e-5}) {
            for (int epochs : new int[]{3, 4, 5}) {
                for (int batch : new int[]{16, 32}) {
                    expected.add(List.of(lr, epochs, batch));
                }
            }
        }
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            SweepCandidate c = all.get(i);
            assertEquals(i + 1, c.number());
            assertEquals(List.of("train.lr", "train.epochs", "train.batch_size"), List.copyOf(c.parameters().keySet()));
            assertInstanceOf(Double.class, c.parameters().get("train.lr"));
            assertInstanceOf(Integer.class, c.parameters().get("train.epochs"));
            assertInstanceOf(Integer.class, c.parameters().get("train.batch_size"));
            seen.add(List.copyOf(c.parameters().values()));
        }
        assertEquals(expected, seen);
        // sequential order: the first key varies fastest
        assertEquals(Map.of("train.lr", 2e-5, "train.epochs", 3, "train.batch_size", 16), all.get(0).parameters());
        assertEquals(Map.of("train.lr", 3e-5, "train.epochs", 3, "train.batch_size", 16), all.get(1).parameters());
        assertEquals(Map.of("train.lr", 5e-5, "train.epochs", 5, "train.batch_size", 32), all.get(17).parameters());
    }

    @Test
    void overridesReachTheExperimentConfigExactly() {
        SweepConfig sweep = new SweepFileLoader(SweepFixtures.LOADER).load(Path.of("experiments/sweeps/mednli-grid.yaml"));
        for (SweepCandidate c : CandidateGenerators.list(sweep, 18)) {
            ExperimentConfig config = SweepFixtures.LOADER.load(sweep.experiment(), c.overrides());
            assertEquals((Double) c.parameters().get("train.lr"), config.train().lr());
            assertEquals((Integer) c.parameters().get("train.epochs"), config.train().epochs());
            assertEquals((Integer) c.parameters().get("train.batch_size"), config.train().batchSize());
            assertEquals(2, config.train().gradAccumSteps(), "keys not swept keep the experiment's values");
        }
    }

    @Test
    void nerGridIsTheStudysNerGrid() {
        SweepConfig sweep = new SweepFileLoader(SweepFixtures.LOADER).load(Path.of("experiments/sweeps/i2b2-2010-grid.yaml"));
        assertEquals(18, CandidateGenerators.planned(sweep));
        Set<Object> epochs = new HashSet<>();
        CandidateGenerators.list(sweep, 18).forEach(c -> epochs.add(c.parameters().get("train.epochs")));
        assertEquals(Set.of(2, 3, 4), epochs);
        assertEquals("dev.f1", sweep.score().toString());
    }

    @Test
    void randomSearchIsReproducibleBySeedAndStaysInRange(@TempDir Path dir) throws Exception {
        SweepFixtures.experiment(dir);
        String body = """
                search: random
                candidates: 20
                parameters:
                  train.lr: {min: 1.0e-5, max: 1.0e-3, log: true}
                  train.epochs: {min: 1, max: 4}
                  train.batch_size: [16, 32]
                score: dev.accuracy
                seed: %d
                """;
        SweepConfig a = new SweepFileLoader(SweepFixtures.LOADER).load(SweepFixtures.sweepFile(dir, body.formatted(7)));
        List<SweepCandidate> first = CandidateGenerators.list(a, 20);
        List<SweepCandidate> again = CandidateGenerators.list(a, 20);
        assertEquals(first, again, "same seed, same candidates");
        SweepConfig b = new SweepFileLoader(SweepFixtures.LOADER).load(SweepFixtures.sweepFile(dir, body.formatted(8)));
        assertNotEquals(first, CandidateGenerators.list(b, 20), "another seed, other candidates");
        assertEquals(20, CandidateGenerators.planned(a));

        int belowGeometricMidpoint = 0;
        Set<Object> epochs = new HashSet<>();
        for (SweepCandidate c : first) {
            double lr = (Double) c.parameters().get("train.lr");
            assertTrue(lr >= 1e-5 && lr <= 1e-3, "lr " + lr);
            belowGeometricMidpoint += lr < 1e-4 ? 1 : 0;
            Object e = c.parameters().get("train.epochs");
            assertInstanceOf(Integer.class, e);
            assertTrue((Integer) e >= 1 && (Integer) e <= 4);
            epochs.add(e);
            assertTrue(List.of(16, 32).contains(c.parameters().get("train.batch_size")));
            SweepFixtures.LOADER.load(a.experiment(), c.overrides()); // every draw is a valid config
        }
        // log-uniform: about half the draws fall below the geometric midpoint 1e-4 (a uniform draw: about 9%)
        assertTrue(belowGeometricMidpoint >= 5, "log-uniform draws below 1e-4: " + belowGeometricMidpoint);
        assertTrue(epochs.size() >= 3, "integer range covered: " + epochs);
    }
}
