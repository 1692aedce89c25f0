package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.tokenize.Vocab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, principle 2: data prepared with one vocabulary is never used with another, even one of the same size;
 * the refusal is one line naming the manifest and both hashes. Pretraining shards given to pretrain:
 * PretrainCommandTest.shardsOfAnotherVocabularyOfTheSameSizeAreRefused.
 */
class PreparedDataVocabularyTest {

    @TempDir
    Path dir;

    /** The tiny vocabulary with its last two words exchanged: same size, two ids mean other words. */
    private static List<String> swappedVocabulary() throws IOException {
        List<String> words = new ArrayList<>(Files.readAllLines(ModelCopies.TINY.resolve("vocab.txt")));
        Collections.swap(words, words.size() - 1, words.size() - 2);
        return words;
    }

    @Test
    void pretrainDataRerunWithAnotherVocabularyIntoTheSameFolderIsRefused() throws IOException {
        Path sentences = Files.createDirectories(dir.resolve("sentences"));
        Files.writeString(sentences.resolve("notes.txt"), "the patient was seen today .\nno fever .\n\nshe is well .\n");
        Path out = dir.resolve("shards");
        Path tiny = ModelCopies.TINY.resolve("vocab.txt");
        CliRun first = CliRun.of("pretrain-data", "--input", sentences.toString(), "--vocab", tiny.toString(),
                "--out", out.toString(), "--max-seq-length", "32", "--dupe-factor", "1");
        assertEquals(0, first.code(), first.err());
        List<String> swapped = swappedVocabulary();
        Path other = Files.write(dir.resolve("other-vocab.txt"), swapped);
        CliRun again = CliRun.of("pretrain-data", "--input", sentences.toString(), "--vocab", other.toString(),
                "--out", out.toString(), "--max-seq-length", "32", "--dupe-factor", "1");
        assertEquals(2, again.code(), again.err());
        String last = again.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("error: " + out.resolve("notes.txt.cbpt.json") + " (vocab_sha256): the shard was prepared with "
                + "another vocabulary (sha256 " + Vocab.sha256(Files.readAllLines(tiny)) + ") than this --vocab "
                + "(sha256 " + Vocab.sha256(swapped) + "): use another output directory or delete that shard", last);
    }

    @Test
    void neighborsRefusesAnIndexBuiltWithAnotherVocabulary() throws IOException {
        Path model = ModelCopies.copy(ModelCopies.TINY, dir.resolve("model"));
        Path texts = Files.writeString(dir.resolve("texts.txt"), "no fever\nshe is well\nthe patient was seen\n");
        Path index = dir.resolve("index");
        CliRun embed = CliRun.of("embed", "--model", model.toString(), "--input", texts.toString(), "--out",
                index.toString());
        assertEquals(0, embed.code(), embed.err());
        CliRun ok = CliRun.of("neighbors", "--index", index.toString(), "--query", "no fever", "--k", "1");
        assertEquals(0, ok.code(), ok.err());

        String before = Vocab.sha256(Files.readAllLines(model.resolve("vocab.txt")));
        List<String> swapped = swappedVocabulary();
        Files.write(model.resolve("vocab.txt"), swapped); // same size, same weights
        CliRun r = CliRun.of("neighbors", "--index", index.toString(), "--query", "no fever", "--k", "1");
        assertEquals("error: " + index.resolve("embed.json") + " (key fingerprint.model.vocabSha256): the index was "
                + "built with another vocabulary than " + model.toAbsolutePath().normalize() + " holds now (sha256 "
                + before + " here, " + Vocab.sha256(swapped) + " now): embed the input again with this model\n",
                r.err());
        assertEquals(2, r.code());
        assertTrue(Files.readString(index.resolve("embed.json")).contains("\"vocabSha256\" : \"" + before + "\""),
                "the manifest records the vocabulary it was built with");
    }
}
