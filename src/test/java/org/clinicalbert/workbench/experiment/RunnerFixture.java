package org.clinicalbert.workbench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.data.synth.SyntheticCorpora;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Shared set-up of the runner tests: the bundled tiny model (config/models/tiny-demo, vocabulary built from the
 * size-30 seed-12345 synthetic corpora), synthetic corpora written into a temporary folder, and configs parsed
 * from YAML text so that every output lands in that folder.
 */
final class RunnerFixture {

    /** The synthetic corpora the tiny model's vocabulary was built from (experiments/demo-data). */
    static final int SIZE = 30;
    static final long SEED = 12345;

    static final ObjectMapper JSON = new ObjectMapper();

    private RunnerFixture() {
    }

    static Path tinyModel() {
        return Path.of("config", "models", "tiny-demo").toAbsolutePath();
    }

    static ModelRegistry registry(Path modelsDir) {
        return ModelRegistry.load(ModelRegistry.DEFAULT_FILE, modelsDir, Path.of("").toAbsolutePath());
    }

    static Path corpora(Path dir, int size) throws IOException {
        SyntheticCorpora.write(dir, size, SEED);
        return dir;
    }

    /**
     * An experiment on {@code corpusDir} with the tiny model by path and the demo settings (lr 1e-3, batch 16,
     * 10 epochs, seed 42, scored on test), changed by {@code overrides} ("train.epochs=2", as {@code --set}).
     */
    static ExperimentConfig config(Path yamlFile, String task, Path corpusDir, Path outDir, List<String> overrides) {
        String yaml = """
                name: %s
                task: %s
                data:
                  corpus_dir: %s
                model:
                  path: %s
                  max_seq_length: 64
                train:
                  lr: 1.0e-3
                  batch_size: 16
                  epochs: 10
                  warmup_proportion: 0.1
                  seed: 42
                eval:
                  split: test
                output:
                  dir: %s
                """.formatted("t-" + task, task, corpusDir, tinyModel(), outDir);
        return new ConfigLoader(null).parse(yamlFile, yaml, overrides);
    }

    static ExperimentRunner.Options options(boolean resume, Function<String, TrainingListener> listeners) {
        return new ExperimentRunner.Options(resume, Path.of("").toAbsolutePath(), listeners);
    }

    static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** Every run folder under an experiment's results folder. */
    static List<Path> runFolders(Path outDir) throws IOException {
        if (!Files.isDirectory(outDir)) {
            return List.of();
        }
        try (var s = Files.list(outDir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }
}
