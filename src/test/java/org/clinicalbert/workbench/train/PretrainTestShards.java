package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.clinicalbert.workbench.data.mimic.NoteEvent;
import org.clinicalbert.workbench.data.pretrain.PretrainingConfig;
import org.clinicalbert.workbench.data.pretrain.PretrainingInstanceCreator;
import org.clinicalbert.workbench.data.pretrain.PretrainingShardWriter;
import org.clinicalbert.workbench.data.pretrain.PretrainingVocab;
import org.clinicalbert.workbench.data.pretrain.TrainingInstance;
import org.clinicalbert.workbench.tokenize.FullTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Pretraining shards for tests: synthetic MIMIC notes, WordPiece'd with the tiny-demo vocabulary. */
public final class PretrainTestShards {

    public static final Path TINY_MODEL = Path.of("config/models/tiny-demo");

    private PretrainTestShards() {
    }

    /** Instances from {@code notes} synthetic notes (max_seq_length 32, max_predictions 6, dupe factor 1). */
    public static List<TrainingInstance> instances(int notes, long seed, int maxPredictions) {
        return instances(FullTokenizer.fromVocabFile(TINY_MODEL.resolve("vocab.txt"), false), notes, seed,
                maxPredictions);
    }

    /** The same over another model's tokenizer (its vocabulary gives the random replacements). */
    public static List<TrainingInstance> instances(FullTokenizer tokenizer, int notes, long seed, int maxPredictions) {
        List<List<List<String>>> documents = new ArrayList<>();
        for (NoteEvent note : MimicSynth.notes(notes, seed)) {
            List<List<String>> sentences = new ArrayList<>();
            for (String s : note.text().split("(?<=\\.)\\s+|\\n+")) {
                List<String> tokens = tokenizer.tokenize(s);
                if (!tokens.isEmpty()) {
                    sentences.add(tokens);
                }
            }
            documents.add(sentences);
        }
        PretrainingConfig config = PretrainingConfig.defaults().withMaxSeqLength(32)
                .withMaxPredictionsPerSeq(maxPredictions).withDupeFactor(1).withRandomSeed(seed);
        return new PretrainingInstanceCreator(config, new PretrainingVocab(tokenizer.vocab().tokens()))
                .createFromTokens(documents);
    }

    public static PretrainingVocab vocab() {
        return new PretrainingVocab(FullTokenizer.fromVocabFile(TINY_MODEL.resolve("vocab.txt"), false).vocab().tokens());
    }

    /** Writes {@code instances} split into {@code shards} files {@code dir/part-K.cbpt}. */
    public static List<Path> write(Path dir, List<TrainingInstance> instances, int shards, int maxPredictions)
            throws IOException {
        return write(dir, instances, shards, maxPredictions, vocab().size());
    }

    /** The same, for instances over a vocabulary of {@code vocabSize} words. */
    public static List<Path> write(Path dir, List<TrainingInstance> instances, int shards, int maxPredictions,
                                   int vocabSize) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        int per = (instances.size() + shards - 1) / shards;
        for (int k = 0; k < shards; k++) {
            Path f = dir.resolve("part-" + k + ".cbpt");
            List<TrainingInstance> part = instances.subList(Math.min(k * per, instances.size()),
                    Math.min((k + 1) * per, instances.size()));
            PretrainingShardWriter.write(f, 32, maxPredictions, vocabSize, part);
            out.add(f);
        }
        return out;
    }
}
