package org.clinicalbert.workbench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.data.synth.SyntheticMedNli;
import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.study.LocalStudyExecutor;
import org.clinicalbert.workbench.study.StudyConfig;
import org.clinicalbert.workbench.study.StudyFileLoader;
import org.clinicalbert.workbench.study.StudyRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code study --spark}: the same small study (one initialisation, MedNLI, a 2-point grid, one seed) through the
 * local executor and through {@link SparkStudyExecutor} on local[2] selects the same configuration by the same
 * dev scores and reports the same test score; resubmitting the finished study is refused (nothing to resume), and
 * one interrupted part-way is resubmitted and reads everything back, rerunning nothing.
 */
class SparkStudyTest {

    private static final Path BASE = Path.of("").toAbsolutePath();
    private static final ModelRegistry REGISTRY = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, BASE.resolve("models"), BASE);
    private static final ConfigLoader EXPERIMENTS = ConfigLoader.withRegistry(REGISTRY);

    @Test
    void sparkStudyEqualsTheLocalStudyRefusesResumingAFinishedOneAndResumesAnInterruptedOne(@TempDir Path dir) throws Exception {
        SyntheticMedNli.write(dir.resolve("mednli"), 60, 12345);
        Path nli = dir.resolve("nli.yaml");
        Files.writeString(nli, """
                name: nli
                task: mednli
                data:
                  corpus_dir: %s
                model:
                  init: tiny-demo
                  max_seq_length: 32
                train:
                  lr: 1.0e-3
                  batch_size: 16
                  epochs: 1
                  seed: 42
                eval:
                  split: test
                """.formatted(dir.resolve("mednli")));
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, """
                name: s
                initialisations: [%s]
                seeds: [1]
                bootstrap: {samples: 50, seed: 7}
                tasks:
                  mednli:
                    experiment: %s
                    score: dev.accuracy
                    grid:
                      train.lr: [1.0e-3, 3.0e-3]
                """.formatted(BASE.resolve("config/models/tiny-demo-small"), nli));

        StudyConfig local = new StudyFileLoader(EXPERIMENTS, REGISTRY, BASE).load(file, dir.resolve("local"));
        ExperimentRunner experiments = new ExperimentRunner(REGISTRY);
        new StudyRunner(new LocalStudyExecutor(EXPERIMENTS, LocalStudyExecutor.runner(experiments, BASE, null), null),
                new StudyRunner.Listener() { }).run(local, false, false);

        StudyConfig onSpark = new StudyFileLoader(EXPERIMENTS, REGISTRY, BASE).load(file, dir.resolve("spark"));
        RunnerSetup setup = RunnerSetup.of(ModelRegistry.DEFAULT_FILE, BASE.resolve("models"), BASE);
        SparkJobs.study("local[2]", setup, EXPERIMENTS, null,
                executor -> new StudyRunner(executor, new StudyRunner.Listener() { }).run(onSpark, false, false));

        JsonNode a = Json.MAPPER.readTree(dir.resolve("local/selection.json").toFile()).get("cells").get(0);
        JsonNode b = Json.MAPPER.readTree(dir.resolve("spark/selection.json").toFile()).get("cells").get(0);
        assertEquals(a.get("selected").get("dev_score").asDouble(), b.get("selected").get("dev_score").asDouble(), 1e-12);
        assertEquals(a.get("selected").get("candidate").asInt(), b.get("selected").get("candidate").asInt());
        for (int i = 0; i < 2; i++) {
            assertEquals(a.get("ranking").get(i).get("dev_score").asDouble(), b.get("ranking").get(i).get("dev_score").asDouble(),
                    1e-12, "dev score of ranked candidate " + i);
        }
        JsonNode ca = Json.MAPPER.readTree(dir.resolve("local/study.json").toFile()).get("cells").get(0);
        JsonNode cb = Json.MAPPER.readTree(dir.resolve("spark/study.json").toFile()).get("cells").get(0);
        assertEquals(ca.get("mean").asDouble(), cb.get("mean").asDouble(), 1e-12, "test score of the final run");
        assertEquals(1, cb.get("n").asInt());

        // re-submitted with resume once finished: nothing to resume, one line naming the study's status.json
        long before = runFolders(dir.resolve("spark"));
        assertTrue(before >= 3, "two grid runs and one final run, got " + before);
        Path status = dir.resolve("spark/status.json");
        InputFormatException finished = assertThrows(InputFormatException.class, () -> SparkJobs.study("local[2]",
                setup, EXPERIMENTS, null,
                executor -> new StudyRunner(executor, new StudyRunner.Listener() { }).run(onSpark, true, false)));
        assertTrue(finished.getMessage().startsWith(status + ": nothing to resume: the study here has finished"),
                finished.getMessage());
        assertEquals(before, runFolders(dir.resolve("spark")));

        // interrupted part-way (status.json as a kill in phase 4 leaves it, the table gone): re-submitted, the grid's
        // candidates and the final run are read back, no new run folder appears, and the same table is written
        JsonNode killed = Json.MAPPER.readTree(status.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) killed).put("state", "interrupted").put("phase", "compare");
        Files.writeString(status, Json.MAPPER.writeValueAsString(killed));
        Files.delete(dir.resolve("spark/study.json"));
        SparkJobs.study("local[2]", setup, EXPERIMENTS, null,
                executor -> new StudyRunner(executor, new StudyRunner.Listener() { }).run(onSpark, true, false));
        assertEquals(before, runFolders(dir.resolve("spark")));
        JsonNode resumed = Json.MAPPER.readTree(dir.resolve("spark/study.json").toFile()).get("cells").get(0);
        assertEquals(cb.get("mean").asDouble(), resumed.get("mean").asDouble(), 1e-12, "test score read back");
        assertEquals("finished", Json.MAPPER.readTree(status.toFile()).get("state").asText());
    }

    /** Folders holding a run's metrics.json (grid candidates and final runs). */
    private static long runFolders(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("metrics.json"))
                    .filter(p -> !p.getParent().getFileName().toString().startsWith("fold-")).count();
        }
    }
}
