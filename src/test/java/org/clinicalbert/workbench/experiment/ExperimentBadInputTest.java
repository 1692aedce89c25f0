package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.experiment.config.ConfigException;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.MissingCheckpointException;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input fails with a clear error before training starts: no run folder, no checkpoint.
 */
class ExperimentBadInputTest {

    @TempDir
    static Path tmp;
    static Path corpora;

    @BeforeAll
    static void data() throws IOException {
        corpora = RunnerFixture.corpora(tmp.resolve("data"), 10);
    }

    private static ExperimentRunner runner() {
        return new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")));
    }

    /** Runs the config expecting {@code type}; asserts nothing was written under its output folder. */
    private static <T extends Throwable> T failsBeforeTraining(Class<T> type, ExperimentConfig c) throws IOException {
        T e = assertThrows(type, () -> runner().run(c, RunnerFixture.options(false, null)));
        assertFalse(Files.exists(c.output().dir()), "no results folder for a run that cannot start: "
                + c.output().dir());
        try (Stream<Path> all = Files.walk(tmp)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".ckpt")), "no checkpoint anywhere");
        }
        return e;
    }

    private static String yaml(String task, String extra) {
        return """
                name: bad
                task: %s
                data:
                  corpus_dir: %s
                model:
                  path: %s
                %s""".formatted(task, corpora.resolve("mednli"), RunnerFixture.tinyModel(), extra);
    }

    @Test
    void unknownTaskIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(null).parse(tmp.resolve("x.yaml"), yaml("mednlii", ""), List.of()));
        assertTrue(e.getMessage().contains("task") && e.getMessage().contains("mednlii"), e.getMessage());
        assertTrue(e.getMessage().contains("x.yaml"), e.getMessage());
    }

    @Test
    void unknownKeyIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(null).parse(tmp.resolve("x.yaml"), yaml("mednli", "train:\n  learning_rate: 1.0\n"),
                        List.of()));
        assertTrue(e.getMessage().contains("train.learning_rate"), e.getMessage());
    }

    @Test
    void registryNameWithoutItsFolderIsAMissingCheckpoint() throws IOException {
        var registry = RunnerFixture.registry(tmp.resolve("models"));
        String text = """
                name: bad
                task: mednli
                data:
                  corpus_dir: %s
                model:
                  init: clinical-bert
                output:
                  dir: %s
                """.formatted(corpora.resolve("mednli"), tmp.resolve("out-registry"));
        ExperimentConfig c = ConfigLoader.withRegistry(registry).parse(tmp.resolve("x.yaml"), text, List.of());
        MissingCheckpointException e = failsBeforeTraining(MissingCheckpointException.class, c);
        assertTrue(e.getMessage().contains(tmp.resolve("models").resolve("bert_pretrain_output_all_notes_150000").toString()),
                e.getMessage());
    }

    @Test
    void modelPathThatDoesNotExistFails() throws IOException {
        Path missing = tmp.resolve("no-such-model");
        String text = """
                name: bad
                task: mednli
                data:
                  corpus_dir: %s
                model:
                  path: %s
                output:
                  dir: %s
                """.formatted(corpora.resolve("mednli"), missing, tmp.resolve("out-path"));
        ExperimentConfig c = new ConfigLoader(null).parse(tmp.resolve("x.yaml"), text, List.of());
        RuntimeException e = failsBeforeTraining(RuntimeException.class, c);
        assertTrue(e instanceof MissingCheckpointException || e instanceof InputFormatException, e.toString());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void modelFolderWithoutACheckpointFails() throws IOException {
        // bert_config.json and vocab.txt, but the TF checkpoint was never unpacked
        Path model = Files.createDirectories(tmp.resolve("model-no-ckpt"));
        for (String f : List.of("bert_config.json", "vocab.txt")) {
            Files.copy(RunnerFixture.tinyModel().resolve(f), model.resolve(f));
        }
        String text = """
                name: bad
                task: mednli
                data:
                  corpus_dir: %s
                model:
                  path: %s
                output:
                  dir: %s
                """.formatted(corpora.resolve("mednli"), model, tmp.resolve("out-no-ckpt"));
        ExperimentConfig c = new ConfigLoader(null).parse(tmp.resolve("x.yaml"), text, List.of());
        InputFormatException e = failsBeforeTraining(InputFormatException.class, c);
        assertTrue(e.getMessage().contains(model.toString()) && e.getMessage().contains("checkpoint"), e.getMessage());
    }

    /** MedNLI files under {@code dir}: train keeps only the records whose line passes {@code keepTrain}. */
    private static Path nliCopy(String dir, java.util.function.Predicate<String> keepTrain) throws IOException {
        Path src = corpora.resolve("mednli");
        Path d = Files.createDirectories(tmp.resolve(dir));
        List<String> train = Files.readAllLines(src.resolve("mli_train_v1.jsonl")).stream().filter(keepTrain).toList();
        Files.write(d.resolve("mli_train_v1.jsonl"), train);
        Files.copy(src.resolve("mli_dev_v1.jsonl"), d.resolve("mli_dev_v1.jsonl"));
        Files.copy(src.resolve("mli_test_v1.jsonl"), d.resolve("mli_test_v1.jsonl"));
        return d;
    }

    @Test
    void nliTestLabelNeverSeenInTrainingFails() throws IOException {
        Path d = nliCopy("nli-no-neutral", line -> !line.contains("\"gold_label\":\"neutral\""));
        // the dev set is given too, so take neutral out of it: only the test set then holds the unseen label
        Path dev = d.resolve("mli_dev_v1.jsonl");
        Files.write(dev, Files.readAllLines(dev).stream().filter(l -> !l.contains("\"gold_label\":\"neutral\"")).toList());
        assertTrue(Files.readString(d.resolve("mli_test_v1.jsonl")).contains("\"gold_label\":\"neutral\""));
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("x.yaml"), "mednli", d, tmp.resolve("out-nli-label"),
                List.of());
        UserInputException e = failsBeforeTraining(UserInputException.class, c);
        assertTrue(e.getMessage().contains("neutral") && e.getMessage().contains("test"), e.getMessage());
    }

    @Test
    void nerEntityTypeNeverSeenInTrainingFails() throws IOException {
        Path src = corpora.resolve("i2b2-2010");
        Path d = tmp.resolve("i2b2-2010-no-treatment");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.toList()) {
                Path to = d.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (f.toString().contains("train") && f.toString().endsWith(".con")) {
                    Files.write(to, Files.readAllLines(f).stream().filter(l -> !l.contains("t=\"treatment\"")).toList());
                } else {
                    Files.copy(f, to);
                }
            }
        }
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("x.yaml"), "i2b2-2010", d, tmp.resolve("out-ner-label"),
                List.of());
        UserInputException e = failsBeforeTraining(UserInputException.class, c);
        assertTrue(e.getMessage().contains("treatment") && e.getMessage().contains("test"), e.getMessage());
    }

    @Test
    void trainingFileWithoutValidRecordsFails() throws IOException {
        // every training record has the "-" (no consensus) label, which the reader skips
        Path d = nliCopy("nli-empty-train", line -> true);
        Path train = d.resolve("mli_train_v1.jsonl");
        Files.write(train, Files.readAllLines(train).stream()
                .map(l -> l.replaceAll("\"gold_label\":\"[a-z]+\"", "\"gold_label\":\"-\"")).toList());
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("x.yaml"), "mednli", d, tmp.resolve("out-empty"), List.of());
        RuntimeException e = failsBeforeTraining(RuntimeException.class, c);
        assertTrue(e instanceof UserInputException, e.toString());
        assertTrue(e.getMessage().contains(train.toString()) && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void emptyTrainingFileFails() throws IOException {
        Path d = nliCopy("nli-zero-bytes", line -> false);
        assertEquals(0, Files.size(d.resolve("mli_train_v1.jsonl")));
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("x.yaml"), "mednli", d, tmp.resolve("out-zero"), List.of());
        RuntimeException e = failsBeforeTraining(RuntimeException.class, c);
        assertTrue(e instanceof UserInputException, e.toString());
        assertTrue(e.getMessage().contains("mli_train_v1.jsonl"), e.getMessage());
    }
}
