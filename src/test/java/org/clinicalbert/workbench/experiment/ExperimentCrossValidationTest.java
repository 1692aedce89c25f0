package org.clinicalbert.workbench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** k-fold cross-validation: per-fold metrics, mean ± std over folds, and a resumed CV run skips finished folds. */
class ExperimentCrossValidationTest {

    @TempDir
    static Path tmp;
    static Path corpora;

    @BeforeAll
    static void data() throws IOException {
        corpora = RunnerFixture.corpora(tmp.resolve("data"), 9);
    }

    private static ExperimentConfig config(Path out) {
        return RunnerFixture.config(tmp.resolve("cv.yaml"), "i2b2-2010", corpora.resolve("i2b2-2010"), out,
                List.of("train.epochs=2", "eval.cv_folds=3"));
    }

    @Test
    void threeFoldRunReportsEachFoldAndTheMeanAndStd() throws IOException {
        Path run = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")))
                .run(config(tmp.resolve("out-cv")), RunnerFixture.options(false, null)).runDir();
        JsonNode m = RunnerFixture.readJson(run.resolve("metrics.json"));
        assertEquals(3, m.path("cv_folds").asInt());
        assertEquals(3, m.path("folds").size());
        Set<String> heldOutDocs = new HashSet<>();
        for (String split : List.of("dev", "test")) {
            for (String metric : List.of("f1", "precision", "recall")) {
                double[] v = new double[3];
                for (int f = 0; f < 3; f++) {
                    JsonNode fold = RunnerFixture.readJson(run.resolve("fold-" + (f + 1)).resolve("metrics.json"));
                    assertEquals(fold, m.path("folds").get(f), "fold " + (f + 1));
                    v[f] = fold.path(split).path("metrics").path(metric).asDouble();
                }
                double mean = (v[0] + v[1] + v[2]) / 3;
                double var = ((v[0] - mean) * (v[0] - mean) + (v[1] - mean) * (v[1] - mean)
                        + (v[2] - mean) * (v[2] - mean)) / 2; // sample std, n - 1
                JsonNode s = m.path(split).path(metric);
                assertEquals(mean, s.path("mean").asDouble(), 1e-12, split + " " + metric);
                assertEquals(Math.sqrt(var), s.path("std").asDouble(), 1e-12, split + " " + metric);
                assertEquals(3, s.path("values").size());
            }
        }
        for (int f = 1; f <= 3; f++) {
            Path fold = run.resolve("fold-" + f);
            for (String file : List.of("predictions-dev.jsonl", "predictions-test.jsonl", "epochs.csv", "model/labels.json")) {
                assertTrue(Files.isRegularFile(fold.resolve(file)), fold + "/" + file);
            }
            // each fold its own TensorBoard log: the fold's test scores once, per entity type too
            JsonNode foldTest = RunnerFixture.readJson(fold.resolve("metrics.json")).path("test");
            var scalars = EventScalars.of(fold);
            assertEquals(List.of((float) foldTest.path("metrics").path("f1").asDouble()),
                    scalars.get("test/f1").stream().map(EventScalars.Point::value).toList(), fold.toString());
            foldTest.path("details").path("entity_by_type").fields().forEachRemaining(t -> assertEquals(
                    (float) t.getValue().path("f1").asDouble(), scalars.get("test/entity/" + t.getKey() + "/f1").get(0)
                            .value(), t.getKey()));
            assertEquals(Files.readAllLines(fold.resolve("epochs.csv")).size() - 1,
                    EventScalars.steps(scalars, "dev/f1").size(), "one dev point per evaluation");
            for (String line : Files.readAllLines(fold.resolve("predictions-dev.jsonl"))) {
                heldOutDocs.add(RunnerFixture.JSON.readTree(line).path("document").asText());
            }
        }
        // the folds' dev sets partition the 9 training documents
        assertEquals(9, heldOutDocs.size(), heldOutDocs.toString());
        // and the data notes say so (the dev carve from train is pooled back)
        assertTrue(m.path("data_notes").toString().contains("cross-validation: 3 folds over the 9 documents of "
                + "train+dev pooled"), m.path("data_notes").toString());
        assertTrue(Files.readString(run.resolve("report.md")).contains("3-fold cross-validation"));
    }

    @Test
    void resumedCrossValidationSkipsFinishedFolds() throws IOException {
        Path out = tmp.resolve("out-resume");
        var runner = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")));
        List<String> started = new ArrayList<>();
        TrainingListener none = new TrainingListener() { };
        TrainingListener killer = new TrainingListener() {
            @Override
            public void onStep(long step, int epoch, double loss, double lr, double norm, long tokens) {
                if (step == 3) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> runner.run(config(out), RunnerFixture.options(false, label -> {
            started.add(label);
            return label.equals("fold 2/3") ? killer : none;
        })));
        assertEquals(List.of("fold 1/3", "fold 2/3"), started);
        Path run = RunnerFixture.runFolders(out).get(0);
        Path fold1 = run.resolve("fold-1").resolve("metrics.json");
        String fold1Metrics = Files.readString(fold1);
        FileTime fold1Time = Files.getLastModifiedTime(fold1);
        assertTrue(Files.notExists(run.resolve("fold-2").resolve("metrics.json")));

        started.clear();
        Path resumed = runner.run(config(out), RunnerFixture.options(true, label -> {
            started.add(label);
            return none;
        })).runDir();
        assertEquals(run, resumed);
        assertEquals(List.of("fold 2/3", "fold 3/3"), started, "fold 1 finished before the kill: not retrained");
        assertEquals(fold1Metrics, Files.readString(fold1));
        assertEquals(fold1Time, Files.getLastModifiedTime(fold1));
        JsonNode m = RunnerFixture.readJson(resumed.resolve("metrics.json"));
        assertEquals(RunnerFixture.JSON.readTree(fold1Metrics), m.path("folds").get(0));
        assertEquals(3, m.path("dev").path("f1").path("values").size());
    }
}
