package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.export.ModelExport;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ModelLayout;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code run} with a Hugging Face folder as model.path trains exactly as with the TF folder it was exported from. */
class HfModelRunTest {

    @Test
    void hfFolderFineTunesExactlyAsItsTfOriginal(@TempDir Path tmp) throws IOException {
        Path hf = tmp.resolve("tiny-demo-hf");
        ModelExport.export(RunnerFixture.tinyModel(), ModelExport.Format.HF, hf);
        // as downloaded from the hub: no workbench provenance, so the casing comes from tokenizer_config.json
        Files.delete(hf.resolve("provenance.json"));
        assertEquals(ModelLayout.HUGGING_FACE, ModelFolder.open(hf).layout());
        Path corpora = RunnerFixture.corpora(tmp.resolve("data"), 10);

        Path[] runs = new Path[2];
        Path[] models = {RunnerFixture.tinyModel(), hf};
        for (int i = 0; i < 2; i++) {
            ExperimentConfig c = RunnerFixture.config(tmp.resolve("c" + i + ".yaml"), "mednli",
                    corpora.resolve("mednli"), tmp.resolve("out" + i),
                    List.of("train.epochs=1", "model.path=" + models[i]));
            runs[i] = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")))
                    .run(c, RunnerFixture.options(false, null)).runDir();
        }
        // same weights, data, seed and casing: the same losses step for step and the same predictions
        assertEquals(Files.readString(runs[0].resolve("steps.csv")), Files.readString(runs[1].resolve("steps.csv")));
        assertEquals(Files.readString(runs[0].resolve("predictions-test.jsonl")),
                Files.readString(runs[1].resolve("predictions-test.jsonl")));
        JsonNode env = RunnerFixture.readJson(runs[1].resolve("environment.json"));
        assertEquals("HUGGING_FACE", env.get("model_layout").asText());
        assertEquals("tokenizer_config.json", env.get("do_lower_case_from").asText());
        assertEquals(false, RunnerFixture.readJson(runs[1].resolve("model/tokenizer_config.json"))
                .get("do_lower_case").asBoolean());
    }
}
