package org.clinicalbert.workbench.modelfolder;

import org.clinicalbert.workbench.io.StrictUtf8;
import org.clinicalbert.workbench.checkpoint.TfCheckpointWriter;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.BertWeights;
import org.clinicalbert.workbench.model.MaskedLmHead;
import org.clinicalbert.workbench.model.NextSentenceHead;
import org.clinicalbert.workbench.tokenize.VocabBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A freshly initialised BERT folder laid out like google's releases (bert_config.json, vocab.txt,
 * model.ckpt-0 with the pretraining heads), with a vocabulary built from a corpus: the bundled tiny demo
 * model is made this way, and so can any small from-scratch experiment.
 */
public final class NewModel {

    private NewModel() {
    }

    /** Reads every regular file under {@code corpus} as UTF-8 text into the vocabulary. */
    public static List<String> vocabulary(List<Path> corpus, int size, int minCount) throws IOException {
        VocabBuilder builder = new VocabBuilder(false);
        boolean anyText = false;
        for (Path root : corpus) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String text = StrictUtf8.readString(f);
                    anyText |= !text.isBlank();
                    builder.add(text);
                }
            }
        }
        if (!anyText) {
            // a vocabulary from nothing would be the special and character entries alone, a model that knows no word
            throw new InputFormatException(corpus.get(0), null, "no text to build a vocabulary from (every file of "
                    + "--corpus is empty or blank)");
        }
        return builder.build(size, minCount);
    }

    public static void write(Path dir, BertConfig config, List<String> vocab, long seed) throws IOException {
        if (vocab.size() != config.vocabSize()) {
            throw new IllegalArgumentException("vocab has " + vocab.size() + " words, config says " + config.vocabSize());
        }
        Files.createDirectories(dir);
        BertGraph g = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        MaskedLmHead.attach(g);
        NextSentenceHead.attach(g);
        BertWeights.initialiseAll(g, seed);
        AtomicFiles.writeString(dir.resolve("vocab.txt"), String.join("\n", vocab) + "\n");
        AtomicFiles.writeString(dir.resolve("bert_config.json"), config.toJson());
        TfCheckpointWriter.create().write(dir.resolve("model.ckpt-0"), BertWeights.export(g), 0L);
    }
}
