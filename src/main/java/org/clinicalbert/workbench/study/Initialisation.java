package org.clinicalbert.workbench.study;

import java.nio.file.Path;
import java.util.List;

/**
 * One initialisation of a study: a model registry name or a checkpoint folder.
 *
 * @param key          as written in the study file (a row of the table)
 * @param registryName the registry name, or null for a folder
 * @param path         the checkpoint folder, or null for a registry name
 * @param label        the table's row name: the paper's name for a registry model, else the key
 */
public record Initialisation(String key, String registryName, Path path, String label) {

    /** The experiment overrides that make a task's template start from this initialisation. */
    public List<String> overrides() {
        return registryName != null
                ? List.of("model.path=null", "model.init=" + registryName)
                : List.of("model.init=null", "model.path=" + path);
    }

    /** The key as one folder name: characters a folder name should not hold become '_'. */
    public String folderName() {
        String s = key.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
