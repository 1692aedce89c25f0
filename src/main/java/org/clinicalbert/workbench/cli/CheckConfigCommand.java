package org.clinicalbert.workbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.MissingCheckpointException;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.io.UserInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code workbench check-config FILE... [--set k=v] [--data] [--checkpoint]}: validates experiment files
 * (and optionally that their data and checkpoint folders are in place) without running anything.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate experiment YAML files; optionally check that their data and checkpoints exist.")
public final class CheckConfigCommand extends WorkbenchCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "experiment files")
    List<Path> files = new ArrayList<>();

    @picocli.CommandLine.Mixin
    RegistryOptions models = new RegistryOptions();

    @Option(names = "--data", description = "also check that the data paths exist")
    boolean checkData;

    @Option(names = "--checkpoint", description = "also check that the model checkpoint folder is in place")
    boolean checkCheckpoint;


    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        Path base = Path.of("");
        int failed = 0;
        ModelRegistry registry = models.registry(base);
        ConfigLoader loader = ConfigLoader.withRegistry(registry);
        for (Path f : files) {
            try {
                ExperimentConfig c = loader.load(f, models.overrides);
                if (checkData) {
                    ConfigLoader.checkDataPaths(f, c, base);
                }
                if (checkCheckpoint) {
                    Path modelDir = c.model().init() != null ? registry.resolve(c.model().init()) : c.model().path();
                    ConfigLoader.checkAgainstModel(f, c, modelDir);
                }
                out.println("ok: " + f + " (" + c.task().id() + ", " + (c.model().init() != null
                        ? c.model().init() : c.model().path()) + ")");
            } catch (UserInputException | MissingCheckpointException e) {
                // every file is checked: one error line each, as ErrorReporter would print it
                err.println(ErrorLine.of(e).text());
                failed++;
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : ErrorLine.BAD_INPUT;
    }
}
