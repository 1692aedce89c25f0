package org.clinicalbert.workbench.experiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped experiments/<task>-<init>.yaml (5 tasks x 6 initialisations) loads, validates against the
 * shipped model registry, and holds the study's settings (the paper, run_classifier.sh, run_i2b2.sh; experiments/README.md).
 */
class ExperimentConfigFilesTest {

    private static final List<String> INITS = List.of("bert-base-cased", "biobert-v1.0", "clinical-bert",
            "discharge-summary-bert", "bio-clinical-bert", "bio-discharge-summary-bert");

    @Test
    void demoConfigsLoadAndUseTheBundledModelAndData() {
        ModelRegistry registry = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, Path.of("models"), Path.of(""));
        ConfigLoader loader = ConfigLoader.withRegistry(registry);
        for (String demo : List.of("demo.yaml", "demo-ner.yaml")) {
            Path file = Path.of("experiments", demo);
            ExperimentConfig c = loader.load(file);
            assertEquals("tiny-demo", c.model().init(), demo);
            ConfigLoader.checkDataPaths(file, c, Path.of(""));
            assertTrue(Files.isDirectory(registry.resolve("tiny-demo")), "bundled tiny model");
        }
    }

    @Test
    void everyTaskAndInitialisationHasAValidConfigWithTheStudySettings() throws IOException {
        ModelRegistry registry = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, Path.of("models"), Path.of(""));
        ConfigLoader loader = ConfigLoader.withRegistry(registry);
        Set<String> expected = new TreeSet<>();
        for (Task task : Task.values()) {
            for (String init : INITS) {
                String name = task.id() + "-" + init;
                expected.add(name + ".yaml");
                Path file = Path.of("experiments", name + ".yaml");
                ExperimentConfig c = loader.load(file);
                assertEquals(name, c.name(), file.toString());
                assertEquals(task, c.task(), file.toString());
                assertEquals(init, c.model().init(), file.toString());
                assertEquals(150, c.model().maxSeqLength(), file + " max_seq_length");
                assertTrue(Set.of(2e-5, 3e-5, 5e-5).contains(c.train().lr()), file + " lr in the study grid");
                assertTrue(Set.of(16, 32).contains(c.train().batchSize()), file + " batch in the study grid");
                assertEquals("test", c.eval().split(), file.toString());
                assertEquals(0.1, c.train().warmupProportion(), file.toString());
                assertEquals(0.01, c.train().weightDecay(), file.toString());
                assertEquals(1.0, c.train().maxGradNorm(), file.toString());
                if (task == Task.MEDNLI) {
                    assertEquals(2, c.train().gradAccumSteps(), file + " MedNLI gradient accumulation");
                    assertTrue(Set.of(3, 4, 5).contains(c.train().epochs()), file + " epochs in the MedNLI grid");
                    assertNull(c.eval().cvFolds(), file.toString());
                } else {
                    assertEquals(1, c.train().gradAccumSteps(), file.toString());
                    assertTrue(Set.of(2, 3, 4).contains(c.train().epochs()), file + " epochs in the NER grid");
                    assertEquals(10, c.eval().cvFolds(), file + " 10-fold CV as run_i2b2.sh");
                }
            }
        }
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("experiments"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.startsWith("demo"))
                    .forEach(shipped::add);
        }
        assertEquals(expected, shipped);
        assertEquals(30, shipped.size());
    }
}
