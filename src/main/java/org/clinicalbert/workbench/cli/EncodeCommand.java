package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.modelfolder.EncodingFile;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.TextEncoder;
import org.clinicalbert.workbench.modelfolder.TextEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code workbench encode --model DIR --text A [--text-b B] --out FILE}: the embedding use of a pre-trained
 * model: last-layer vector per word piece and the pooled vector, written as JSON.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Embed a text (pair) with a BERT model folder: per-token last-layer vectors and the pooled vector as JSON.")
public final class EncodeCommand extends WorkbenchCommand {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model folder: bert_config.json, vocab.txt and a TensorFlow checkpoint, or a Hugging Face "
                    + "folder (config.json, vocab.txt, model.safetensors or pytorch_model.bin)")
    Path modelDir;

    @Option(names = "--text", required = true, description = "the (first) text")
    String text;

    @Option(names = "--text-b", description = "optional second text: encoded as [CLS] a [SEP] b [SEP], segment 1")
    String textB;

    @Option(names = "--max-seq-length", paramLabel = "N",
            description = "word pieces including [CLS]/[SEP], longer input is truncated as google does "
                    + "(default: " + TextEncoder.DEFAULT_MAX_SEQ_LENGTH + ", or max_position_embeddings if smaller)")
    Integer maxSeqLength;

    @Option(names = "--lower-case", negatable = true, description = "lower-case and strip accents (uncased "
            + "vocabularies), or --no-lower-case to keep case (Clinical BERT and BioBERT are cased). Default: "
            + "do_lower_case in the folder's tokenizer_config.json, else an uncased tokenizer only for a vocabulary "
            + "without upper-case entries")
    Boolean lowerCase;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSON file to write")
    Path out;


    @Override
    public Integer call() throws IOException {
        try {
            ModelFolder folder = ModelFolder.open(modelDir, lowerCase, null);
            out().printf("model: %s, tokenizer %s%n", folder.layout().description(),
                    folder.casing().describe());
            TextEncoder encoder = TextEncoder.open(folder, maxSeqLength);
            TextEncoding encoding = encoder.encode(text, textB);
            EncodingFile.write(out, encoder, text, textB, encoding);
            if (encoding.truncated()) {
                err().printf("warning: input truncated to --max-seq-length %d word pieces%n",
                        encoder.maxSeqLength());
                err().flush();
            }
            out().printf("%d tokens x %d -> %s%n", encoding.tokens().size(),
                    encoding.pooledOutput().length, out);
            out().flush();
            return 0;
        } finally {
            out().flush();
        }
    }
}
