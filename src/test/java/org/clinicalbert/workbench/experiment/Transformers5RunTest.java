package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.modelfolder.Casing;
import org.clinicalbert.workbench.export.ModelExport;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ModelLayout;
import org.clinicalbert.workbench.predict.Predictor;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.hf.SafeTensors;
import org.clinicalbert.workbench.tokenize.FullTokenizer;
import org.clinicalbert.workbench.tokenize.TokenizerJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run} from folders exactly as transformers 5 saves them (no vocab.txt) and {@code export --format hf} of
 * such runs: the tokenizer.json goes through, the export's tokenizer tokenizes as the run did, and an NER run comes
 * back as BertForTokenClassification with its BIO labels.
 */
class Transformers5RunTest {

    static Path hf5(String name) throws URISyntaxException {
        return Path.of(Transformers5RunTest.class.getResource("/hf5/golden.json").toURI()).getParent().resolve(name);
    }

    private static Path run(Path tmp, String task, Path model) throws IOException {
        Path corpora = RunnerFixture.corpora(tmp.resolve("data"), 10);
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("c.yaml"), task, corpora.resolve(task), tmp.resolve("out"),
                List.of("train.epochs=1", "model.path=" + model));
        return new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")))
                .run(c, RunnerFixture.options(false, null)).runDir();
    }

    private static final List<String> LINES = List.of("The patient denies chest pain.",
            "Patient hba1c 9.2% [SEP] Café 患者 " + "x".repeat(150), "HBA1C and q.i.d. NSTEMI");

    private static List<List<String>> tokens(FullTokenizer t) {
        List<List<String>> out = new ArrayList<>();
        LINES.forEach(l -> out.add(t.tokenize(l)));
        return out;
    }

    @Test
    void sequenceRunFromTransformers5FolderExportsItsTokenizer(@TempDir Path tmp) throws Exception {
        Path source = hf5("seq-cls-sharded");
        Path runDir = run(tmp, "mednli", source);
        assertEquals("finished", RunnerFixture.readJson(runDir.resolve("status.json")).get("state").asText());
        // model/ keeps tokenizer.json (with its added word) and gains a vocab.txt in id order
        assertTrue(Files.exists(runDir.resolve("model/tokenizer.json")));
        assertEquals(85, Files.readAllLines(runDir.resolve("model/vocab.txt")).size());
        ModelFolder src = ModelFolder.open(source);
        assertEquals(tokens(src.tokenizer()), tokens(ModelFolder.open(runDir.resolve("model")).tokenizer()));

        Path out = tmp.resolve("hf");
        ModelExport.export(runDir, ModelExport.Format.HF, out);
        ModelFolder exported = ModelFolder.open(out);
        assertEquals(tokens(src.tokenizer()), tokens(exported.tokenizer()));
        assertEquals(src.doLowerCase(), exported.doLowerCase());
        JsonNode tc = RunnerFixture.readJson(out.resolve("tokenizer_config.json"));
        assertEquals("PreTrainedTokenizerFast", tc.get("tokenizer_class").asText());
        assertEquals("[CLS]", tc.get("cls_token").asText());
        assertEquals("[\"input_ids\",\"token_type_ids\",\"attention_mask\"]", tc.get("model_input_names").toString());
    }

    @Test
    void exportOfAVocabTxtRunWritesATokenizerJsonThatTokenizesAsGoogle(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("hf");
        ModelExport.export(RunnerFixture.tinyModel(), ModelExport.Format.HF, out);
        TokenizerJson json = TokenizerJson.load(out.resolve(TokenizerJson.FILE));
        ModelFolder google = ModelFolder.open(RunnerFixture.tinyModel());
        assertEquals(google.doLowerCase(), json.normalizer().lowercase());
        assertEquals(200, json.maxInputCharsPerWord(), "google's word limit, which the run used");
        assertEquals(google.tokenizer().vocab().tokens(), json.vocab().tokens());
        // on ordinary text the tokenizers library's rules and google's agree
        List<String> text = List.of("the patient was admitted with chest pain .", "History: HTN, DM2; no fever.");
        for (String t : text) {
            assertEquals(google.tokenizer().tokenize(t), json.tokenizer(json.normalizer().lowercase()).tokenize(t));
        }
        // and the exported folder is read through it, agreeing with its vocab.txt
        assertEquals(ModelLayout.HUGGING_FACE, ModelFolder.open(out).layout());
    }

    @Test
    void nerRunFromTransformers5FolderExportsAsTokenClassification(@TempDir Path tmp) throws Exception {
        Path runDir = run(tmp, "i2b2-2010", hf5("token-cls"));
        JsonNode labels = RunnerFixture.readJson(runDir.resolve("model/labels.json"));
        assertEquals("TOKEN", labels.get("kind").asText());
        Path out = tmp.resolve("hf");
        ModelExport.Result r = ModelExport.export(runDir, ModelExport.Format.HF, out);
        assertEquals(ModelExport.Kind.TOKEN, r.kind());
        JsonNode config = RunnerFixture.readJson(out.resolve("config.json"));
        assertEquals("BertForTokenClassification", config.get("architectures").get(0).asText());
        List<String> id2label = new ArrayList<>();
        for (int i = 0; i < config.get("id2label").size(); i++) {
            id2label.add(config.get("id2label").get(String.valueOf(i)).asText());
        }
        List<String> runLabels = new ArrayList<>();
        labels.get("labels").forEach(l -> runLabels.add(l.asText()));
        assertEquals(runLabels, id2label);
        assertTrue(id2label.stream().allMatch(l -> l.equals("O") || l.matches("[BI]-.+")), id2label.toString());
        assertFalse(SafeTensors.read(out.resolve("model.safetensors")).stream().anyMatch(t -> t.name().contains("pooler")),
                "no pooler, as transformers' BertForTokenClassification");
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.contains("## How words are labelled") && card.contains("**first** word piece"), card);

        // predict on the export tags as predict on the run
        Path in = Files.write(tmp.resolve("s.txt"), List.of("patient denies chest pain and fever",
                "ct scan showed left lung mass ."));
        assertEquals(Predictor.open(runDir).predict(in), Predictor.open(out).predict(in));
    }

    @Test
    void aRegistryFolderMayHaveTokenizerJsonInsteadOfVocabTxt(@TempDir Path tmp) throws Exception {
        Path yaml = Files.writeString(tmp.resolve("models.yaml"), """
                models:
                  hf5-ner:
                    folder: token-cls
                    paper_name: tiny transformers 5 NER
                    source: tools/hf/make_hf5_folders.py
                    casing: cased
                """);
        ModelRegistry registry = ModelRegistry.load(yaml, hf5("token-cls").getParent(), tmp);
        Path dir = registry.resolve("hf5-ner");
        // tokenizer_config.json (do_lower_case true) comes before the registry's casing
        ModelFolder f = ModelFolder.open(dir, null, registry.casing("hf5-ner"));
        assertEquals(new Casing(true, Casing.Source.TOKENIZER_CONFIG), f.casing());
    }
}
