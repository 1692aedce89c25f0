package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.modelfolder.NewModel;
import org.clinicalbert.workbench.model.BertConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code workbench new-model}: a randomly initialised BERT folder with a vocabulary built from a corpus. */
@Command(name = "new-model", mixinStandardHelpOptions = true,
        description = "Write a freshly initialised BERT folder (bert_config.json, vocab.txt, TF checkpoint) "
                + "with a vocabulary built from text files: for small from-scratch experiments and the demo model.")
public final class NewModelCommand extends WorkbenchCommand {

    @Option(names = "--corpus", required = true, split = ",", paramLabel = "PATH", description = "files or folders of text for the vocabulary")
    List<Path> corpus;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model folder to write")
    Path out;

    @Option(names = "--vocab-size", defaultValue = "2000", paramLabel = "N", description = "at most this many entries (default ${DEFAULT-VALUE})")
    int vocabSize;

    @Option(names = "--min-count", defaultValue = "2", paramLabel = "N", description = "words seen fewer times are left to word pieces (default ${DEFAULT-VALUE})")
    int minCount;

    @Option(names = "--layers", defaultValue = "2", paramLabel = "N",
            description = "transformer layers, num_hidden_layers (default ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--hidden", defaultValue = "64", paramLabel = "N",
            description = "hidden size, hidden_size; a multiple of --heads (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--heads", defaultValue = "4", paramLabel = "N",
            description = "attention heads per layer, num_attention_heads (default ${DEFAULT-VALUE})")
    int heads;

    @Option(names = "--intermediate", defaultValue = "128", paramLabel = "N",
            description = "feed-forward size, intermediate_size (default ${DEFAULT-VALUE})")
    int intermediate;

    @Option(names = "--max-positions", defaultValue = "160", paramLabel = "N",
            description = "longest input in word pieces, max_position_embeddings (default ${DEFAULT-VALUE})")
    int maxPositions;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "seed of the random initialisation (default ${DEFAULT-VALUE})")
    long seed;


    @Override
    public Integer call() throws Exception {
        OptionBounds.atLeast(spec, "--vocab-size", vocabSize, 1);
        OptionBounds.atLeast(spec, "--min-count", minCount, 1);
        OptionBounds.atLeast(spec, "--layers", layers, 1);
        OptionBounds.atLeast(spec, "--hidden", hidden, 1);
        OptionBounds.atLeast(spec, "--heads", heads, 1);
        OptionBounds.atLeast(spec, "--intermediate", intermediate, 1);
        OptionBounds.atLeast(spec, "--max-positions", maxPositions, 1);
        List<String> vocab = NewModel.vocabulary(corpus, vocabSize, minCount);
        BertConfig config = new BertConfig(vocab.size(), hidden, layers, heads, intermediate, "gelu", 0.1, 0.1,
                maxPositions, 2, 0.02);
        NewModel.write(out, config, vocab, seed);
        out().printf("wrote %s: %d layers, hidden %d, vocabulary %d%n", out, layers, hidden,
                vocab.size());
        return 0;
    }
}
