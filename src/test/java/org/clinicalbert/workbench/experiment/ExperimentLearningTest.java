package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.RunMetrics;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline learns: the tiny model (random initialisation, 2 layers, hidden 64) fine-tuned on the
 * synthetic corpora (size 30, seed 12345) reaches high dev scores on every task within the demo budget
 * (lr 1e-3, max_seq_length 64, warm-up 0.1, seed 42, 10 epochs). A broken label mapping, window encoding,
 * loss, optimiser or scorer shows up here as a score near chance.
 *
 * <p>Measured (2-core CPU, OMP_NUM_THREADS=1; dev = best dev checkpoint, test = that checkpoint on test):
 * <ul>
 *   <li>mednli, batch 16: dev accuracy 1.000, test 0.983 (~16 s)</li>
 *   <li>i2b2-2006, batch 16: dev entity F1 0.947, test 0.909</li>
 *   <li>i2b2-2010, batch 16: dev F1 0.919, test 0.934 (~15 s)</li>
 *   <li>i2b2-2012, batch 8: dev F1 1.000, test 0.955 (batch 16: all-"O" for the whole 10 epochs, F1 0; the
 *       150 larger steps do not get the tiny model off the majority-tag plateau, 20 epochs or batch 8 do)</li>
 *   <li>i2b2-2014, batch 8: dev F1 0.944, test 0.879 (batch 16: dev 0.79; 23 PHI types, about one mention of
 *       each per record, so the rare numeric types (IDNUM / MEDICALRECORD / DEVICE / PHONE) are still confused;
 *       lr 2e-3 or 3e-3 diverges)</li>
 * </ul>
 * Thresholds sit a little below these: the runs are deterministic for a given seed on one machine, but
 * another CPU's kernels may round differently.
 */
class ExperimentLearningTest {

    @TempDir
    static Path tmp;
    static Path corpora;

    @BeforeAll
    static void data() throws IOException {
        corpora = RunnerFixture.corpora(tmp.resolve("data"), RunnerFixture.SIZE);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> metrics(RunMetrics all, String split) {
        return all.scores(split);
    }

    /** The dev score ({@code accuracy} or entity {@code f1}) of a run of the task with the demo settings. */
    private static double devScore(String task, String score, List<String> overrides) throws IOException {
        ExperimentConfig c = RunnerFixture.config(tmp.resolve(task + ".yaml"), task, corpora.resolve(task),
                tmp.resolve("results-" + task), overrides);
        ExperimentRunner.Result r = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")))
                .run(c, RunnerFixture.options(false, null));
        assertEquals(10, c.train().epochs());
        Map<String, Double> dev = metrics(r.metrics(), "dev");
        Map<String, Double> test = metrics(r.metrics(), "test");
        assertTrue(((Number) test.get(score)).doubleValue() > 0.5, task + " test " + test);
        return ((Number) dev.get(score)).doubleValue();
    }

    @Test
    void mednliReachesNinetyPercentDevAccuracy() throws IOException {
        double acc = devScore("mednli", "accuracy", List.of());
        assertTrue(acc >= 0.95, "dev accuracy " + acc);
    }

    @Test
    void i2b2_2006ReachesNinetyPercentEntityF1() throws IOException {
        double f1 = devScore("i2b2-2006", "f1", List.of());
        assertTrue(f1 >= 0.92, "dev entity F1 " + f1);
    }

    @Test
    void i2b2_2010ReachesNinetyPercentEntityF1() throws IOException {
        double f1 = devScore("i2b2-2010", "f1", List.of());
        assertTrue(f1 >= 0.90, "dev entity F1 " + f1);
    }

    @Test
    void i2b2_2012ReachesNinetyPercentEntityF1() throws IOException {
        double f1 = devScore("i2b2-2012", "f1", List.of("train.batch_size=8"));
        assertTrue(f1 >= 0.95, "dev entity F1 " + f1);
    }

    @Test
    void i2b2_2014ReachesNinetyPercentEntityF1() throws IOException {
        double f1 = devScore("i2b2-2014", "f1", List.of("train.batch_size=8"));
        assertTrue(f1 >= 0.92, "dev entity F1 " + f1);
    }
}
