package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.export.ModelExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** {@code workbench export --run RUN_DIR --format hf|tf --out DIR}: a fine-tuned or pretrained model handed back. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a fine-tuned run or a pretraining output as a Hugging Face or TensorFlow model folder.",
                "A run's encoder, task head and labels (or a pretraining output's encoder and pretraining heads) become "
                        + "a Hugging Face model folder (config.json, model.safetensors, vocab.txt, "
                        + "tokenizer_config.json, README.md model card) or a google-style TensorFlow checkpoint folder. "
                        + "The folder appears only when complete."})
public final class ExportCommand extends WorkbenchCommand {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR",
            description = "run folder written by `workbench run` (or its fold-N/ or model/), or a `workbench pretrain` output folder")
    Path run;

    @Option(names = "--format", required = true, paramLabel = "hf|tf", converter = FormatConverter.class,
            description = "hf: Hugging Face (BertForSequenceClassification / BertForTokenClassification / "
                    + "BertForPreTraining); tf: TensorFlow checkpoint with google's names")
    ModelExport.Format format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to create (must not exist)")
    Path out;


    @Override
    public Integer call() throws IOException {
        ModelExport.Result r = ModelExport.export(run, format, out);
        out().printf("%s %s (%d tensors%s) -> %s%n", format == ModelExport.Format.HF
                        ? "Hugging Face" : "TensorFlow", r.kind().architecture(), r.tensors(),
                r.labels().isEmpty() ? "" : ", labels " + r.labels(), r.out());
        out().flush();
        return 0;
    }

    /** hf or tf, as the user types them; anything else is a usage error naming the two. */
    static final class FormatConverter implements CommandLine.ITypeConverter<ModelExport.Format> {
        @Override
        public ModelExport.Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "hf" -> ModelExport.Format.HF;
                case "tf" -> ModelExport.Format.TF;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not a format: hf or tf");
            };
        }
    }
}
