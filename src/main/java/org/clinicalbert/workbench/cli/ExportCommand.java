package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.ModelExport;
import org.clinicalbert.workbench.io.InputFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code workbench export --run RUN_DIR --format hf|tf --out DIR}: a fine-tuned or pretrained model handed back. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a fine-tuned run or a pretraining output as a Hugging Face or TensorFlow model folder.",
                "A run's encoder, task head and labels (or a pretraining output's encoder and pretraining heads) become "
                        + "a Hugging Face model folder (config.json, model.safetensors, vocab.txt, "
                        + "tokenizer_config.json, README.md model card) or a google-style TensorFlow checkpoint folder. "
                        + "The folder appears only when complete."})
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR",
            description = "run folder written by `workbench run` (or its fold-N/ or model/), or a `workbench pretrain` output folder")
    Path run;

    @Option(names = "--format", required = true, paramLabel = "hf|tf",
            description = "hf: Hugging Face (BertForSequenceClassification / BertForTokenClassification / "
                    + "BertForPreTraining); tf: TensorFlow checkpoint with google's names")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to create (must not exist)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelExport.Format f;
        switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "hf" -> f = ModelExport.Format.HF;
            case "tf" -> f = ModelExport.Format.TF;
            default -> {
                return fail("--format must be hf or tf, got '" + format + "'");
            }
        }
        try {
            ModelExport.Result r = ModelExport.export(run, f, out);
            spec.commandLine().getOut().printf("%s %s (%d tensors%s) -> %s%n", f == ModelExport.Format.HF
                            ? "Hugging Face" : "TensorFlow", r.kind().architecture(), r.tensors(),
                    r.labels().isEmpty() ? "" : ", labels " + r.labels(), r.out());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (InputFormatException | IllegalArgumentException e) {
            return fail(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return fail(e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("error: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }
}
