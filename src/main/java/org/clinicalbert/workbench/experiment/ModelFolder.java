package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.checkpoint.TfCheckpointReader;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.tokenize.FullTokenizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A downloaded BERT folder as google, BioBERT and Clinical BERT ship them: {@code bert_config.json},
 * {@code vocab.txt} and a TensorFlow checkpoint. Opening it checks the three are there; the (large)
 * weights are read only when asked for.
 *
 * @param doLowerCase the clinical and BioBERT vocabularies are cased, so false unless a model says otherwise
 */
public record ModelFolder(Path dir, BertConfig config, FullTokenizer tokenizer, boolean doLowerCase) {

    public static ModelFolder open(Path dir, boolean doLowerCase) {
        if (!Files.isDirectory(dir)) {
            throw new InputFormatException(dir, null, "model folder not found");
        }
        Path configFile = dir.resolve("bert_config.json");
        if (!Files.isRegularFile(configFile)) {
            // BertConfig.load would report a bare NoSuchFileException
            throw new InputFormatException(configFile, null, "BERT config not found in the model folder");
        }
        BertConfig config = BertConfig.load(configFile);
        FullTokenizer tokenizer = FullTokenizer.fromVocabFile(dir.resolve("vocab.txt"), doLowerCase);
        // fewer words than embedding rows is harmless (padded vocabularies); more would index past the table
        if (tokenizer.vocab().size() > config.vocabSize()) {
            throw new InputFormatException(dir.resolve("vocab.txt"), null, "vocabulary has " + tokenizer.vocab().size()
                    + " entries but bert_config.json says vocab_size " + config.vocabSize());
        }
        return new ModelFolder(dir, config, tokenizer, doLowerCase);
    }

    /** The checkpoint's model variables (optimizer slots and global_step left out). */
    public Map<String, INDArray> readWeights() {
        try {
            return TfCheckpointReader.openFolder(dir).readAllVariables();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint in " + dir, e);
        }
    }

    /** Where the weights come from, for error messages. */
    public Path checkpointPrefix() {
        try {
            return org.clinicalbert.workbench.checkpoint.CheckpointLocator.locate(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
