package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.runs.ResumeCommand;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options every command that loads experiment configs shares: overrides and where the models are. */
final class RegistryOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key, e.g. --set train.lr=3e-5")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--models-dir", paramLabel = "DIR", converter = InputPath.Folder.class, description = "folder holding the checkpoint folders (default: $"
            + ModelRegistry.ENV_MODELS_DIR + ", else models/)")
    Path modelsDir;

    @Option(names = "--registry", paramLabel = "FILE", converter = InputPath.File.class, description = "model registry file (default: ${DEFAULT-VALUE})")
    Path registryFile = ModelRegistry.DEFAULT_FILE;

    /** The registry, relative paths resolved against {@code base}. */
    ModelRegistry registry(Path base) {
        return ModelRegistry.load(registryFile, modelsDir(base), base);
    }

    /** What the command that resumes this one repeats: the overrides, the models options given, {@code --spark}. */
    ResumeCommand.Options resumeOptions(SparkOption spark) {
        return new ResumeCommand.Options(overrides, modelsDir,
                registryFile.equals(ModelRegistry.DEFAULT_FILE) ? null : registryFile, spark.master);
    }

    /** The models folder this invocation uses (option, else environment, else models/). */
    Path modelsDir(Path base) {
        return ModelRegistry.modelsDir(modelsDir, System.getenv(), base.toAbsolutePath());
    }
}
