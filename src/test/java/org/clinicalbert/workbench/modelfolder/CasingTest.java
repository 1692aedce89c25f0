package org.clinicalbert.workbench.modelfolder;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.tokenize.Vocab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where do_lower_case comes from: option, tokenizer_config.json, registry, vocabulary; google's name check. */
class CasingTest {

    private static final Vocab CASED = Vocab.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "Patient"));
    private static final Vocab UNCASED = Vocab.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "patient",
            "[unused0]"));

    @Test
    void precedenceIsOptionThenTokenizerConfigThenRegistryThenVocabulary(@TempDir Path dir) throws IOException {
        assertEquals(new Casing(false, Casing.Source.VOCABULARY), Casing.resolve(dir, null, null, CASED));
        assertEquals(new Casing(true, Casing.Source.VOCABULARY), Casing.resolve(dir, null, null, UNCASED));
        assertEquals(new Casing(true, Casing.Source.REGISTRY), Casing.resolve(dir, null, true, CASED));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false, \"model_max_length\": 512}");
        assertEquals(new Casing(false, Casing.Source.TOKENIZER_CONFIG), Casing.resolve(dir, null, true, UNCASED));
        assertEquals(new Casing(true, Casing.Source.OPTION), Casing.resolve(dir, true, false, CASED));
        // a tokenizer_config.json without the key says nothing
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 512}");
        assertEquals(new Casing(true, Casing.Source.REGISTRY), Casing.resolve(dir, null, true, CASED));
        assertEquals("do_lower_case=true (from the model registry)", Casing.resolve(dir, null, true, CASED).describe());
    }

    @Test
    void tokenizerJsonsNormalizerComesAfterTokenizerConfigAndBeforeTheRegistry(@TempDir Path dir) throws IOException {
        // lowercase of tokenizer.json's BertNormalizer: over the registry and the vocabulary
        assertEquals(new Casing(true, Casing.Source.TOKENIZER_JSON), Casing.resolve(dir, null, false, CASED, true));
        assertEquals("do_lower_case=true (from tokenizer.json's normalizer)",
                Casing.resolve(dir, null, false, CASED, true).describe());
        assertEquals(new Casing(false, Casing.Source.OPTION), Casing.resolve(dir, false, null, UNCASED, true));
        // transformers 5 rebuilds the normalizer from tokenizer_config.json's do_lower_case: that one wins
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        assertEquals(new Casing(false, Casing.Source.TOKENIZER_CONFIG), Casing.resolve(dir, null, true, UNCASED, true));
    }

    @Test
    void aFolderWithoutTokenizerConfigFollowsItsProvenance(@TempDir Path dir) throws IOException {
        // recorded casing (uncased) wins over the registry and the (cased) vocabulary, not over the command line
        org.clinicalbert.workbench.provenance.Provenance.start("run", "c", 1L, 32, true, null, null, List.of(), dir)
                .writeTo(dir);
        assertEquals(new Casing(true, Casing.Source.PROVENANCE), Casing.resolve(dir, null, false, CASED));
        assertEquals(new Casing(false, Casing.Source.OPTION), Casing.resolve(dir, false, null, CASED));
    }

    @Test
    void badTokenizerConfigIsNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("tokenizer_config.json");
        Files.writeString(f, "{\"do_lower_case\": \"yes\"}");
        InputFormatException e = assertThrows(InputFormatException.class, () -> Casing.resolve(dir, null, null, CASED));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("field do_lower_case"), e.getMessage());
    }

    @Test
    void googleCheckpointNamesFixTheirCasing(@TempDir Path dir) throws IOException {
        Path cased = HfFixturesCopy.tfFolder(dir.resolve("cased_L-12_H-768_A-12"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> ModelFolder.open(cased, true));
        assertTrue(e.getMessage().contains("contradicts google's cased_L-12_H-768_A-12, which is cased"),
                e.getMessage());
        assertEquals(false, ModelFolder.open(cased, false).doLowerCase());
        Path uncased = HfFixturesCopy.tfFolder(dir.resolve("uncased_L-12_H-768_A-12"));
        // the tiny vocabulary is all lower-case: uncased by the vocabulary, which agrees with google's name
        assertEquals(true, ModelFolder.open(uncased).doLowerCase());
        assertThrows(InputFormatException.class, () -> ModelFolder.open(uncased, false));
        // any other folder name is not checked
        assertEquals(true, ModelFolder.open(HfFixturesCopy.tfFolder(dir.resolve("mine")), true).doLowerCase());
    }

    /** Copies of the tiny TF fixture under chosen folder names. */
    static final class HfFixturesCopy {
        static Path tfFolder(Path to) throws IOException {
            Files.createDirectories(to);
            try (var files = Files.list(Path.of("src/test/resources/tiny-bert"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
            return to;
        }
    }
}
