package org.clinicalbert.workbench.experiment.config;

import java.nio.file.Path;

/**
 * One registry entry.
 *
 * @param folder    checkpoint folder name under the models directory (the upstream archive's folder name), or null
 * @param path      a folder relative to the working directory (bundled models), used instead of {@code folder}
 * @param paperName the row name in the study's results table
 * @param source    where to get the checkpoint (text only; nothing is ever downloaded)
 */
public record ModelEntry(String name, Path folder, Path path, String paperName, String source) {
}
