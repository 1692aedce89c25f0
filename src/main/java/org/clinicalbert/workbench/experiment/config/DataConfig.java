package org.clinicalbert.workbench.experiment.config;

import java.nio.file.Path;

/**
 * Where a task's data is. Either {@code corpusDir} (a folder the task's reader searches for the official
 * release files) or explicit {@code train} (and optionally {@code dev}, {@code test}) paths; each path may
 * be a file or a folder as the task's release has it. Paths are as written (relative ones resolve against
 * the working directory).
 *
 * @param format    {@code original} (the corpus as released, read by the task's reader) or {@code conll}
 *                  (already-converted "word label" lines, NER tasks only)
 * @param splitSeed seed for splits the workbench makes itself (a dev set carved from train, CV folds)
 * @param devFromTrain dev is carved from train on purpose (MedNLI ships a dev file: carving it is otherwise a warning)
 */
public record DataConfig(String format, Path train, Path dev, Path test, Path corpusDir, long splitSeed,
                         boolean devFromTrain) {

    public DataConfig(String format, Path train, Path dev, Path test, Path corpusDir, long splitSeed) {
        this(format, train, dev, test, corpusDir, splitSeed, false);
    }
}
