package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ExperimentPaths;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The overrides a task carries for an experiment the driver loaded as {@code config} with {@code overrides}:
     * those, then every relative path of the config resolved against the driver's working directory, as a local run
     * there reads it ({@link ExperimentPaths}). An executor's working directory is its own (a standalone worker's
     * work folder), so a relative path must not reach it; the run's {@code config.yaml} records the absolute paths.
     */
    public List<String> withAbsolutePaths(ExperimentConfig config, List<String> overrides) {
        List<String> sets = new ArrayList<>(overrides);
        sets.addAll(ExperimentPaths.absoluteOverrides(config, base()));
        return sets;
    }
}
