package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.train.TrainingListener;

import java.nio.file.Path;

/**
 * One run's inputs, resolved once from its experiment config before anything is read or written, and passed down
 * the run instead of the config and its parts one parameter at a time: the config (and its YAML as the run folder
 * records it), the model source (the folder the config or the registry names, with the registry's casing), where
 * the data is, and how the caller wants the run done (resume, working directory, progress listeners, the resume
 * command). Immutable. The run folder is not in it: a run folder is claimed only once the data and the model are
 * known good (no folder for a run that cannot start).
 *
 * @param configYaml the resolved config as written to the run's {@code config.yaml} (and compared on resume)
 * @param model      the model folder to start from
 * @param data       the task's splits, located
 */
public record RunContext(ExperimentConfig config, String configYaml, ModelSource model, DataLocations data,
                         ExperimentRunner.Options options) {

    /**
     * The model folder a run starts from, as the config names it: {@code model.path}, or the registry's folder for
     * {@code model.init}.
     *
     * @param registryLowerCase the registry entry's casing (null: none, or the model is named by path)
     */
    public record ModelSource(Path dir, Boolean registryLowerCase) {
    }

    /**
     * Resolves {@code config}: the model folder (by path, or the registry's entry, which must exist) and the data
     * files (a named file that does not exist fails here). Reads nothing.
     */
    public static RunContext of(ExperimentConfig config, ModelRegistry registry, ExperimentRunner.Options options) {
        String init = config.model().init();
        ModelSource model = config.model().path() != null ? new ModelSource(config.model().path(), null)
                : new ModelSource(registry.resolve(init), registry.casing(init));
        // eval.split dev is the dev-only mode: the test set is not even opened (a study selects on dev before any
        // test score exists)
        DataLocations data = DataLocations.of(config.task(), config.data(), scoresTest(config));
        return new RunContext(config, ConfigYaml.write(config), model, data, options);
    }

    /** Whether the best model is scored on test too ({@code eval.split: test}), not on dev only. */
    public boolean scoresTest() {
        return scoresTest(config);
    }

    private static boolean scoresTest(ExperimentConfig config) {
        return "test".equals(config.eval().split());
    }

    /** The caller's progress listener for the (sub-)run {@code label} ("train", "fold 3/10"); null when none. */
    TrainingListener listener(String label) {
        return options.listeners() == null ? null : options.listeners().apply(label);
    }
}
