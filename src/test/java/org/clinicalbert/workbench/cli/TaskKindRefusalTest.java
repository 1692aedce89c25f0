package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, principle 1: a model is never applied to, or continued on, input of another task's kind; the refusal
 * says what was expected. Predict's input: predict/PredictorInputKindTest.
 */
class TaskKindRefusalTest {

    @TempDir
    Path dir;

    private static final List<String> NLI = List.of("entailment", "contradiction", "neutral");

    private Path experiment(String task, Path model, Path corpus) throws IOException {
        return experiment(task, model, corpus, 32);
    }

    private Path experiment(String task, Path model, Path corpus, int maxSeqLength) throws IOException {
        return Files.writeString(dir.resolve(task + ".yaml"), """
                name: kind
                task: %s
                data:
                  corpus_dir: %s
                model:
                  path: %s
                  max_seq_length: %d
                output:
                  dir: %s
                """.formatted(task, corpus, model, maxSeqLength, dir.resolve("results")));
    }

    private static void assertOneLine(CliRun r, String line) {
        assertEquals(line + "\n", r.err(), r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aClassifiersRunIsNotContinuedAsATagger() throws IOException {
        Path classifier = ModelCopies.fineTuned(dir.resolve("mednli-run/model"), "SEQUENCE", NLI);
        Path yaml = experiment("i2b2-2010", classifier, Path.of("experiments/demo-data/i2b2-2010"));
        assertOneLine(CliRun.of("run", yaml.toString()), "error: " + classifier.resolve("labels.json")
                + " (field kind): this model was fine-tuned as a sentence-pair classifier (MedNLI), but task "
                + "i2b2-2010 needs a token tagger (an i2b2 NER task): initialise from its pretrained model folder, or "
                + "from a run of a task of the same kind");
        assertFalse(Files.exists(dir.resolve("results/kind")), "no run folder");
    }

    @Test
    void aTaggersRunIsNotContinuedAsAClassifier() throws IOException {
        Path tagger = ModelCopies.fineTuned(dir.resolve("ner-run/model"), "TOKEN",
                List.of("O", "B-problem", "I-problem"));
        Path yaml = experiment("mednli", tagger, Path.of("experiments/demo-data/mednli"));
        assertOneLine(CliRun.of("run", yaml.toString()), "error: " + tagger.resolve("labels.json")
                + " (field kind): this model was fine-tuned as a token tagger (an i2b2 NER task), but task mednli "
                + "needs a sentence-pair classifier (MedNLI): initialise from its pretrained model folder, or from a "
                + "run of a task of the same kind");
    }

    @Test
    void aHuggingFaceClassifierIsNotContinuedAsATagger() throws IOException {
        // tiny-safetensors is a BertForSequenceClassification with id2label (a fine-tuned MedNLI model)
        Path hf = ModelCopies.copy(ModelCopies.TINY_HF, dir.resolve("hf-classifier"));
        Path yaml = experiment("i2b2-2010", hf, Path.of("experiments/demo-data/i2b2-2010"));
        assertOneLine(CliRun.of("run", yaml.toString()), "error: " + hf.resolve("config.json")
                + " (field architectures): this model was fine-tuned as a sentence-pair classifier (MedNLI), but "
                + "task i2b2-2010 needs a token tagger (an i2b2 NER task): initialise from its pretrained model "
                + "folder, or from a run of a task of the same kind");
    }

    @Test
    void aRunOfTheSameKindPassesTheKindCheck() throws IOException {
        // a same-kind model gets past the kind check to the next one, the model's positions (160 in tiny-demo)
        Path classifier = ModelCopies.fineTuned(dir.resolve("mednli-run/model"), "SEQUENCE", NLI);
        Path yaml = experiment("mednli", classifier, Path.of("experiments/demo-data/mednli"), 200);
        assertOneLine(CliRun.of("run", yaml.toString()), "error: model.max_seq_length 200 exceeds the model's "
                + "max_position_embeddings 160");
    }

    @Test
    void anUnknownHeadKindIsOneLineForPredictAndExport() throws IOException {
        Path model = ModelCopies.fineTuned(dir.resolve("run/model"), "TAGGER", List.of("O", "B-x"));
        Path input = Files.writeString(dir.resolve("in.txt"), "no fever\n");
        String line = "error: " + model.resolve("labels.json") + " (field kind): unknown head kind 'TAGGER' "
                + "(expected SEQUENCE or TOKEN)";
        assertOneLine(CliRun.of("predict", "--model", model.toString(), "--input", input.toString()), line);
        assertOneLine(CliRun.of("export", "--run", model.toString(), "--format", "hf", "--out",
                dir.resolve("exported").toString()), line);
        assertFalse(Files.exists(dir.resolve("exported")));
    }

    @Test
    void exportRefusesAHeadOfAnotherKindThanItsRunsTask() throws IOException {
        // a tagger's model folder under a run whose config.yaml says mednli (a sentence-pair classifier)
        Path run = dir.resolve("results/kind/20260101-000000");
        Path tagger = ModelCopies.fineTuned(run.resolve("model"), "TOKEN", List.of("O", "B-problem", "I-problem"));
        Path config = Files.writeString(run.resolve("config.yaml"), "name: kind\ntask: mednli\n");
        String line = "error: " + tagger.resolve("labels.json") + " (field kind): the head is a token tagger (an "
                + "i2b2 NER task), but the run's " + config.toAbsolutePath() + " says task mednli, which needs a "
                + "sentence-pair classifier (MedNLI): the model folder and its run do not belong together";
        assertOneLine(CliRun.of("export", "--run", run.toString(), "--format", "hf", "--out",
                dir.resolve("exported").toString()), line);
        // the model folder itself names the same run
        assertOneLine(CliRun.of("export", "--run", tagger.toString(), "--format", "hf", "--out",
                dir.resolve("exported").toString()), line);
        assertFalse(Files.exists(dir.resolve("exported")));
        // the kind the task needs gets past the kind check to the next one: this copy has no classifier weights
        Files.writeString(config, "name: kind\ntask: i2b2-2010\n");
        CliRun next = CliRun.of("export", "--run", run.toString(), "--format", "hf", "--out",
                dir.resolve("exported").toString());
        assertEquals(2, next.code(), next.err());
        assertTrue(next.err().contains("(variable output_weights): the run's 3 labels need a classifier"), next.err());
    }

    @Test
    void resumingUnderAConfigOfAnotherTaskIsRefused() throws IOException {
        Path run = Files.createDirectories(dir.resolve("results/kind/20260101-000000"));
        String mednli = "name: kind\ntask: mednli\n";
        Files.writeString(run.resolve("config.yaml"), mednli);
        RunFolder folder = RunFolder.open(run);
        folder.requireConfig(mednli, java.util.function.UnaryOperator.identity());
        var e = assertThrows(org.clinicalbert.workbench.io.UserInputException.class,
                () -> folder.requireConfig("name: kind\ntask: i2b2-2010\n", java.util.function.UnaryOperator.identity()));
        assertTrue(e.getMessage().startsWith("cannot resume " + run + ": the config differs from the run's "),
                e.getMessage());
    }
}
