package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.EncodingFile;
import org.clinicalbert.workbench.experiment.ModelFolder;
import org.clinicalbert.workbench.experiment.TextEncoder;
import org.clinicalbert.workbench.experiment.TextEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code workbench encode --model DIR --text A [--text-b B] --out FILE}: the embedding use of a pre-trained
 * model: last-layer vector per word piece and the pooled vector, written as JSON.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Embed a text (pair) with a BERT model folder: per-token last-layer vectors and the pooled vector as JSON.")
public final class EncodeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model folder with bert_config.json, vocab.txt and a TensorFlow checkpoint")
    Path modelDir;

    @Option(names = "--text", required = true, description = "the (first) text")
    String text;

    @Option(names = "--text-b", description = "optional second text: encoded as [CLS] a [SEP] b [SEP], segment 1")
    String textB;

    @Option(names = "--max-seq-length", paramLabel = "N",
            description = "word pieces including [CLS]/[SEP], longer input is truncated as google does "
                    + "(default: " + TextEncoder.DEFAULT_MAX_SEQ_LENGTH + ", or max_position_embeddings if smaller)")
    Integer maxSeqLength;

    @Option(names = "--lower-case", description = "lower-case and strip accents (uncased vocabularies; "
            + "Clinical BERT and BioBERT are cased, the default)")
    boolean lowerCase;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSON file to write")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try {
            TextEncoder encoder = TextEncoder.open(ModelFolder.open(modelDir, lowerCase), maxSeqLength);
            TextEncoding encoding = encoder.encode(text, textB);
            EncodingFile.write(out, encoder, text, textB, encoding);
            if (encoding.truncated()) {
                spec.commandLine().getErr().printf("warning: input truncated to --max-seq-length %d word pieces%n",
                        encoder.maxSeqLength());
                spec.commandLine().getErr().flush();
            }
            spec.commandLine().getOut().printf("%d tokens x %d -> %s%n", encoding.tokens().size(),
                    encoding.pooledOutput().length, out);
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            spec.commandLine().getOut().flush();
        }
    }
}
