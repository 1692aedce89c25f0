package org.clinicalbert.workbench.experiment.config;

import java.nio.file.Path;

/**
 * One registry entry.
 *
 * @param folder    checkpoint folder name under the models directory (the upstream archive's folder name), or null
 * @param path      a folder relative to the working directory (bundled models), used instead of {@code folder}
 * @param paperName the row name in the study's results table
 * @param source    where to get the checkpoint (text only; nothing is ever downloaded)
 * @param doLowerCase the entry's {@code casing} (cased: false, uncased: true), or null to follow the folder
 */
public record ModelEntry(String name, Path folder, Path path, String paperName, String source, Boolean doLowerCase) {

    /** An entry that leaves the casing to the model folder. */
    public ModelEntry(String name, Path folder, Path path, String paperName, String source) {
        this(name, folder, path, paperName, source, null);
    }
}
