package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.experiment.config.DataConfig;
import org.clinicalbert.workbench.experiment.config.Task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where a task's splits are, resolved once from the config's {@code data} block: an explicit path, else the
 * release's file name inside {@code corpus_dir}. A named path that does not exist is an error here, before
 * anything is read; a release file that is absent from the corpus folder leaves its split null (dev: carved
 * from train; test: the run cannot score on test).
 *
 * @param dev  null: carved from train (absent, or {@code data.dev_from_train})
 * @param test null: not scored on (absent, or not opened at all for a dev-only run)
 */
public record DataLocations(Path train, Path dev, Path test) {

    /**
     * @param withTest false: the test set is not even located (a dev-only run cannot see it, not even to
     *                 validate it)
     */
    public static DataLocations of(Task task, DataConfig data, boolean withTest) {
        if (!task.isNer()) {
            Path train = path(data, data.train(), "mli_train_v1.jsonl");
            Path dev = data.devFromTrain() ? null : optional(data, data.dev(), "mli_dev_v1.jsonl");
            Path test = withTest ? optional(data, data.test(), "mli_test_v1.jsonl") : null;
            return new DataLocations(train, dev, test);
        }
        boolean is2006 = task == Task.I2B2_2006;
        Path train = path(data, data.train(), is2006 ? "deid_surrogate_train_all_version2.xml" : "train");
        Path dev = data.devFromTrain() ? null : optional(data, data.dev(), "dev");
        Path test = withTest
                ? optional(data, data.test(), is2006 ? "deid_surrogate_test_all_groundtruth_version2.xml" : "test")
                : null;
        return new DataLocations(train, dev, test);
    }

    /** The data files a model trained on them came from (provenance.json), as the config names them. */
    static List<Path> named(DataConfig data) {
        return Arrays.asList(data.train(), data.dev(), data.test(), data.corpusDir());
    }

    private static Path path(DataConfig data, Path explicit, String inCorpus) {
        Path p = explicit != null ? explicit : data.corpusDir() == null ? null : data.corpusDir().resolve(inCorpus);
        if (p == null) {
            throw new UserInputException("data: no training data given (set data.train or data.corpus_dir)");
        }
        if (!Files.exists(p)) {
            throw new UserInputException("data: " + p + " not found");
        }
        return p;
    }

    private static Path optional(DataConfig data, Path explicit, String inCorpus) {
        if (explicit != null) {
            if (!Files.exists(explicit)) {
                throw new UserInputException("data: " + explicit + " not found");
            }
            return explicit;
        }
        if (data.corpusDir() == null) {
            return null;
        }
        Path p = data.corpusDir().resolve(inCorpus);
        return Files.exists(p) ? p : null;
    }
}
