package org.clinicalbert.workbench.experiment.config;

import org.clinicalbert.workbench.io.UserInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped config/models.yaml, resolving folders, and the messages for missing checkpoints. */
class ModelRegistryTest {

    private static final Path SHIPPED = Path.of("config", "models.yaml");

    @Test
    void shippedRegistryHasEveryInitialisationWithTheUpstreamFolderNames(@TempDir Path models) {
        ModelRegistry r = ModelRegistry.load(SHIPPED, models, Path.of(""));
        assertEquals(Set.of("bert-base-cased", "biobert-v1.0", "clinical-bert", "discharge-summary-bert",
                "bio-clinical-bert", "bio-discharge-summary-bert", "tiny-demo"), r.names());
        Map<String, String> folders = Map.of(
                "bert-base-cased", "cased_L-12_H-768_A-12",
                "biobert-v1.0", "biobert_v1.0_pubmed_pmc",
                "clinical-bert", "bert_pretrain_output_all_notes_150000",
                "discharge-summary-bert", "bert_pretrain_output_disch_100000",
                "bio-clinical-bert", "biobert_pretrain_output_all_notes_150000",
                "bio-discharge-summary-bert", "biobert_pretrain_output_disch_100000");
        folders.forEach((name, folder) -> {
            assertEquals(models.resolve(folder), r.location(name));
            assertTrue(r.entry(name).source().contains("https://"), name + " source names a URL");
        });
        assertEquals(Path.of("config/models/tiny-demo"), r.location("tiny-demo"));
        assertEquals("Bio+Clinical BERT", r.entry("bio-clinical-bert").paperName());
    }

    @Test
    void resolveFindsAnUnpackedCheckpoint(@TempDir Path models) throws Exception {
        Path folder = Files.createDirectories(models.resolve("bert_pretrain_output_all_notes_150000"));
        Files.writeString(folder.resolve("bert_config.json"), "{}");
        Files.writeString(folder.resolve("vocab.txt"), "[PAD]\n");
        ModelRegistry r = ModelRegistry.load(SHIPPED, models, Path.of(""));
        assertEquals(folder, r.resolve("clinical-bert"));
    }

    @Test
    void resolveFindsAHuggingFaceFolderUnderTheRegistryName(@TempDir Path models) throws Exception {
        // the hub's layout (config.json, no bert_config.json) unpacked under the registry's folder name
        Path folder = Files.createDirectories(models.resolve("biobert_pretrain_output_all_notes_150000"));
        Files.writeString(folder.resolve("config.json"), "{}");
        Files.writeString(folder.resolve("vocab.txt"), "[PAD]\n");
        ModelRegistry r = ModelRegistry.load(SHIPPED, models, Path.of(""));
        assertEquals(folder, r.resolve("bio-clinical-bert"));
    }

    @Test
    void missingCheckpointSaysWhereToGetIt(@TempDir Path models) throws Exception {
        ModelRegistry r = ModelRegistry.load(SHIPPED, models, Path.of(""));
        MissingCheckpointException e = assertThrows(MissingCheckpointException.class, () -> r.resolve("bio-clinical-bert"));
        Path expected = models.resolve("biobert_pretrain_output_all_notes_150000");
        assertEquals(expected, e.expected());
        assertEquals("checkpoint for 'bio-clinical-bert' (Bio+Clinical BERT) not found: no folder " + expected
                + ". Get it from EmilyAlsentzer/clinicalBERT README, pretrained_bert_tf.tar.gz: "
                + "https://www.dropbox.com/s/8armk04fu16algz/pretrained_bert_tf.tar.gz?dl=1, unpack it so that the folder "
                + "biobert_pretrain_output_all_notes_150000 is in " + models
                + " (or point --models-dir / CLINICALBERT_MODELS_DIR at the folder that holds it).", e.getMessage());
        Files.createDirectories(models.resolve("cased_L-12_H-768_A-12"));
        Files.writeString(models.resolve("cased_L-12_H-768_A-12/bert_config.json"), "{}");
        String noVocab = assertThrows(MissingCheckpointException.class, () -> r.resolve("bert-base-cased")).getMessage();
        assertTrue(noVocab.startsWith("checkpoint folder " + models.resolve("cased_L-12_H-768_A-12")
                + " for 'bert-base-cased' has no vocab.txt; is it the unpacked checkpoint?"), noVocab);
        String unknown = assertThrows(UserInputException.class, () -> r.resolve("clinical_bert")).getMessage();
        assertTrue(unknown.startsWith("unknown model 'clinical_bert'; did you mean 'clinical-bert'? Models in "), unknown);
    }

    @Test
    void modelsDirComesFromOptionThenEnvironmentThenDefault() {
        Path base = Path.of("/repo");
        assertEquals(Path.of("/opt/m"), ModelRegistry.modelsDir(Path.of("/opt/m"), Map.of("CLINICALBERT_MODELS_DIR", "/env/m"), base));
        assertEquals(Path.of("/env/m"), ModelRegistry.modelsDir(null, Map.of("CLINICALBERT_MODELS_DIR", "/env/m"), base));
        assertEquals(Path.of("/repo/models"), ModelRegistry.modelsDir(null, Map.of(), base));
    }

    @Test
    void badRegistryFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("models.yaml");
        Files.writeString(f, "models:\n  x:\n    folder: a\n    paper_name: X\n    source: s\n    sorce: t\n");
        assertEquals(f + " (line 6, key models.x.sorce): unknown key; did you mean 'source'? Known keys of models.x: "
                + "folder, path, paper_name, source, casing", assertThrows(ConfigException.class, () -> ModelRegistry.load(f, dir, dir)).getMessage());
        Files.writeString(f, "models:\n  x:\n    folder: a\n    path: b\n    paper_name: X\n    source: s\n");
        assertEquals(f + " (line 2, key models.x): give exactly one of folder or path",
                assertThrows(ConfigException.class, () -> ModelRegistry.load(f, dir, dir)).getMessage());
        Files.writeString(f, "models:\n  x:\n    folder: a\n    paper_name: X\n");
        assertEquals(f + " (key models.x.source): missing required key (where to get the checkpoint)",
                assertThrows(ConfigException.class, () -> ModelRegistry.load(f, dir, dir)).getMessage());
        Files.writeString(f, "modles: {}\n");
        assertEquals(f + " (line 1, key modles): unknown key; did you mean 'models'? The registry has one key: models",
                assertThrows(ConfigException.class, () -> ModelRegistry.load(f, dir, dir)).getMessage());
    }
}
