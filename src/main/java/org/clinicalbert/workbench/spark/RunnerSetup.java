package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * What an executor needs to load experiment configs as the driver did: the model registry file, the models folder
 * and the folder relative paths (data, outputs) are resolved against, all absolute as the driver resolved them
 * (on a cluster they must name the same files on every node: a shared file system).
 */
public record RunnerSetup(String registryFile, String modelsDir, String workingDir) implements Serializable {

    public static RunnerSetup of(Path registryFile, Path modelsDir, Path workingDir) {
        return new RunnerSetup(workingDir.resolve(registryFile).toAbsolutePath().normalize().toString(),
                modelsDir.toAbsolutePath().normalize().toString(), workingDir.toAbsolutePath().normalize().toString());
    }

    public ModelRegistry registry() {
        return ModelRegistry.load(Path.of(registryFile), Path.of(modelsDir), base());
    }

    public ConfigLoader loader() {
        return ConfigLoader.withRegistry(registry());
    }

    public Path base() {
        return Path.of(workingDir);
    }
}
