package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;
import org.clinicalbert.workbench.provenance.Provenance;
import org.clinicalbert.workbench.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * One run's inputs, resolved once from its experiment config before any example is read or any file written, and
 * passed down the run instead of the config and its parts one parameter at a time: the config (and its YAML as the
 * run folder records it), the model source (the folder opened and checked against the config: layout, casing,
 * tokenizer; its weights are read later), where the data is, and how the caller wants the run done (resume,
 * working directory, progress listeners, the resume command). Immutable; the run folder is not in it, because a run
 * folder is claimed only once the data and the weights are known good.
 *
 * @param configYaml the resolved config as written to the run's {@code config.yaml} (and compared on resume)
 * @param modelDir   the model folder as the config or the registry names it
 * @param model      that folder opened (weights not yet read)
 * @param data       the task's splits, located
 */
public record RunContext(ExperimentConfig config, String configYaml, Path modelDir, ModelFolder model,
                         DataLocations data, ExperimentRunner.Options options) {

    private static final Logger log = LoggerFactory.getLogger(RunContext.class);

    /**
     * Resolves {@code config}: the model folder (by path, or the registry's entry with its casing) opened and its
     * thread count set, the data located; everything wrong with either fails here.
     */
    public static RunContext of(ExperimentConfig config, ModelRegistry registry, ExperimentRunner.Options options) {
        Path modelDir = config.model().path() != null ? config.model().path() : registry.resolve(config.model().init());
        ModelFolder folder = ModelFolder.open(modelDir, null,
                config.model().path() != null ? null : registry.casing(config.model().init()));
        log.info("model {}: {}, tokenizer {}", modelDir, folder.layout().description(), folder.casing().describe());
        int maxSeq = config.model().maxSeqLength();
        if (maxSeq > folder.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("model.max_seq_length " + maxSeq + " exceeds the model's "
                    + "max_position_embeddings " + folder.config().maxPositionEmbeddings());
        }
        ThreadPolicy.apply(folder.config());
        // eval.split dev is the dev-only mode: the test set is not even opened (a study selects on dev before any
        // test score exists)
        DataLocations data = DataLocations.of(config.task(), config.data(), scoresTest(config));
        return new RunContext(config, ConfigYaml.write(config), modelDir, folder, data, options);
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

    /** What a model fine-tuned in this run came from: config, seed, source checkpoint, data files, code. */
    Provenance.Recorder provenance() {
        return Provenance.start("run", configYaml, config.train().seed(), config.model().maxSeqLength(),
                model.doLowerCase(), model.checkpointPrefix(), model.weightsSource(),
                DataLocations.named(config.data()), options.workingDir());
    }
}
