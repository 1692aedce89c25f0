package org.clinicalbert.workbench.experiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, defaults and every kind of error, each with its exact message. */
class ConfigLoaderTest {

    private static final Path FILE = Path.of("experiments", "x.yaml");
    private static final ConfigLoader LOADER = new ConfigLoader(Set.of("clinical-bert", "bio-clinical-bert"));

    private static final String MINIMAL = """
            name: demo
            task: mednli
            data:
              train: data/train.jsonl
            model:
              init: clinical-bert
            """;

    private static ExperimentConfig parse(String yaml, String... overrides) {
        return LOADER.parse(FILE, yaml, List.of(overrides));
    }

    private static String error(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> parse(yaml, overrides)).getMessage();
    }

    @Test
    void minimalFileGetsThePaperDefaults() {
        ExperimentConfig c = parse(MINIMAL);
        assertEquals("demo", c.name());
        assertEquals(Task.MEDNLI, c.task());
        assertEquals(new DataConfig("original", Path.of("data/train.jsonl"), null, null, null, 42L), c.data());
        assertEquals(new ModelConfig("clinical-bert", null, 150), c.model());
        assertEquals(new TrainConfig(2e-5, 32, 1, 3, 0.1, 0.1, 0.01, 1.0, 42L, null, null, true), c.train());
        assertEquals(new EvalConfig("dev", null), c.eval());
        assertEquals(Path.of("results", "demo"), c.output().dir());
    }

    @Test
    void everyKeySet() {
        ExperimentConfig c = parse("""
                name: full
                task: i2b2-2014
                data: {format: conll, corpus_dir: data/i2b2-2014, split_seed: 7}
                model: {path: /models/x, max_seq_length: 128}
                train: {lr: 5e-5, batch_size: 16, grad_accum_steps: 2, epochs: 4, warmup_proportion: 0.2,
                        dropout: 0.2, weight_decay: 0.0, max_grad_norm: 5, seed: 1, eval_every_steps: 100,
                        early_stopping_patience: 3, tensorboard: false}
                eval: {split: test, cv_folds: 10}
                output: {dir: out/full}
                """);
        assertEquals(new DataConfig("conll", null, null, null, Path.of("data/i2b2-2014"), 7L), c.data());
        assertEquals(new ModelConfig(null, Path.of("/models/x"), 128), c.model());
        assertEquals(new TrainConfig(5e-5, 16, 2, 4, 0.2, 0.2, 0.0, 5.0, 1L, 100, 3, false), c.train());
        assertEquals(8, c.train().microBatchSize());
        assertEquals(new EvalConfig("test", 10), c.eval());
        assertEquals(Path.of("out/full"), c.output().dir());
    }

    @Test
    void unknownKeySuggestsTheClosest() {
        assertEquals("experiments/x.yaml (line 8, key train.lrr): unknown key; did you mean 'lr'?",
                error(MINIMAL + "train:\n  lrr: 3e-5\n").replaceAll(" Known keys.*", ""));
        String msg = error(MINIMAL + "train:\n  batchsize: 16\n");
        assertEquals("experiments/x.yaml (line 8, key train.batchsize): unknown key; did you mean 'batch_size'? Known keys of train: "
                + "lr, batch_size, grad_accum_steps, epochs, warmup_proportion, dropout, weight_decay, max_grad_norm, "
                + "seed, eval_every_steps, early_stopping_patience, tensorboard", msg);
        assertEquals("experiments/x.yaml (line 7, key evaluation): unknown key; did you mean 'eval'? Known keys: "
                + "name, task, data, model, train, eval, output", error(MINIMAL + "evaluation: {split: dev}\n"));
        assertEquals("experiments/x.yaml (line 7, key zzzzzz): unknown key. Known keys: name, task, data, model, train, eval, output",
                error(MINIMAL + "zzzzzz: 1\n"));
    }

    @Test
    void numberKeysAcceptQuotedDecimals() {
        assertEquals(3e-5, parse(MINIMAL + "train:\n  lr: \"3e-5\"\n").train().lr());
    }

    @Test
    void wrongTypes() {
        assertEquals("experiments/x.yaml (line 8, key train.batch_size): expected an integer, got string 'thirty-two'",
                error(MINIMAL + "train:\n  batch_size: thirty-two\n"));
        assertEquals("experiments/x.yaml (line 8, key train.epochs): expected an integer, got number 3.5",
                error(MINIMAL + "train:\n  epochs: 3.5\n"));
        assertEquals("experiments/x.yaml (line 8, key train.lr): expected a number, got string 'fast'",
                error(MINIMAL + "train:\n  lr: fast\n"));
        assertEquals("experiments/x.yaml (line 1, key name): expected a string, got a list", error(MINIMAL.replace("name: demo", "name: [a, b]")));
        assertEquals("experiments/x.yaml (line 7, key train): expected a mapping of keys (lr, batch_size, grad_accum_steps, "
                + "epochs, warmup_proportion, dropout, weight_decay, max_grad_norm, seed, eval_every_steps, "
                + "early_stopping_patience, tensorboard), got integer 5", error(MINIMAL + "train: 5\n"));
    }

    @Test
    void missingRequiredKeys() {
        assertEquals("experiments/x.yaml (key task): missing required key (the downstream task)",
                error(MINIMAL.replace("task: mednli\n", "")));
        assertEquals("experiments/x.yaml (key name): missing required key (run name; letters, digits, '.', '_' and '-' "
                + "(used in folder names))", error(MINIMAL.replace("name: demo\n", "")));
        assertEquals("experiments/x.yaml (line 5, key model): missing required key: give model.init (a registry name) "
                + "or model.path (a checkpoint folder)", error(MINIMAL.replace("  init: clinical-bert\n", "  max_seq_length: 128\n")));
    }

    @Test
    void badEnumValues() {
        assertEquals("experiments/x.yaml (line 2, key task): unknown value 'i2b2-2011'; expected one of mednli, i2b2-2006, "
                + "i2b2-2010, i2b2-2012, i2b2-2014; did you mean 'i2b2-2010'?", error(MINIMAL.replace("mednli", "i2b2-2011")));
        assertEquals("experiments/x.yaml (line 7, key eval.split): unknown value 'validation'; expected one of dev, test.",
                error(MINIMAL + "eval: {split: validation}\n"));
        assertEquals("experiments/x.yaml (line 6, key model.init): unknown model 'clinicalbert'; did you mean 'clinical-bert'? "
                + "Registry names: bio-clinical-bert, clinical-bert", error(MINIMAL.replace("init: clinical-bert", "init: clinicalbert")));
    }

    @Test
    void rangesAndRulesBetweenKeys() {
        assertEquals("experiments/x.yaml (line 7, key train.warmup_proportion): value 1.5 out of range: must be >= 0 and < 1",
                error(MINIMAL + "train: {warmup_proportion: 1.5}\n"));
        assertEquals("experiments/x.yaml (line 7, key train.lr): value 0 out of range: must be > 0", error(MINIMAL + "train: {lr: 0}\n"));
        assertEquals("experiments/x.yaml (line 7, key model.max_seq_length): value 1000 out of range: must be >= 3 and <= 512",
                error(MINIMAL.replace("  init: clinical-bert\n", "  init: clinical-bert\n  max_seq_length: 1000\n")));
        assertEquals("experiments/x.yaml (line 7, key train.grad_accum_steps): batch_size 32 is not a multiple of grad_accum_steps 3 "
                + "(each step accumulates batch_size / grad_accum_steps examples per pass)", error(MINIMAL + "train: {grad_accum_steps: 3}\n"));
        assertEquals("experiments/x.yaml (line 7, key model.path): give either model.init or model.path, not both",
                error(MINIMAL.replace("  init: clinical-bert\n", "  init: clinical-bert\n  path: /m\n")));
        assertEquals("experiments/x.yaml (line 4, key data.format): format conll is for the NER tasks, not mednli",
                error(MINIMAL.replace("data:\n", "data:\n  format: conll\n")));
        assertEquals("experiments/x.yaml (line 1, key name): 'my run' may only hold letters, digits, '.', '_' and '-' (it names the results folder)",
                error(MINIMAL.replace("name: demo", "name: my run")));
    }

    @Test
    void missingDataPath() {
        assertEquals("experiments/x.yaml (key data.train): missing data path: give data.train (and dev/test) or data.corpus_dir",
                error(MINIMAL.replace("  train: data/train.jsonl\n", "  split_seed: 3\n")));
        assertEquals("experiments/x.yaml (key data.test): missing data path: eval.split is test but data.test is not set",
                error(MINIMAL + "eval: {split: test}\n"));
        assertEquals("experiments/x.yaml (line 4, key data.corpus_dir): give either data.corpus_dir or data.train/dev/test, not both",
                error(MINIMAL.replace("data:\n", "data:\n  corpus_dir: d\n")));
    }

    @Test
    void dataPathsThatDoNotExistAreReportedByKey(@TempDir Path dir) throws Exception {
        ExperimentConfig c = parse(MINIMAL.replace("data/train.jsonl", "train.jsonl") + "eval: {split: dev}\n",
                "data.dev=dev.jsonl");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.checkDataPaths(FILE, c, dir));
        assertEquals("data.train", e.keyPath());
        assertEquals("experiments/x.yaml (key data.train): data path " + dir.resolve("train.jsonl")
                + " does not exist (the corpora need a data use agreement and are never downloaded; see experiments/README.md)",
                e.getMessage());
        Files.writeString(dir.resolve("train.jsonl"), "{}");
        assertEquals("data.dev", assertThrows(ConfigException.class, () -> ConfigLoader.checkDataPaths(FILE, c, dir)).keyPath());
        Files.writeString(dir.resolve("dev.jsonl"), "{}");
        ConfigLoader.checkDataPaths(FILE, c, dir); // all there now
    }

    @Test
    void badYamlFiles(@TempDir Path dir) throws Exception {
        assertEquals("experiments/x.yaml: empty file", error(""));
        assertEquals("experiments/x.yaml: expected a mapping of keys at the top, got a list", error("- a\n- b\n"));
        String dup = error(MINIMAL + "name: again\n");
        assertEquals("experiments/x.yaml (line 7): not valid YAML: Duplicate field 'name'", dup);
        Path missing = dir.resolve("nope.yaml");
        assertEquals(missing + ": no such file", assertThrows(ConfigException.class, () -> LOADER.load(missing)).getMessage());
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, MINIMAL);
        assertEquals("demo", LOADER.load(ok).name());
        assertNull(new ConfigLoader(null).parse(FILE, MINIMAL.replace("clinical-bert", "anything"), List.of()).model().path());
    }

    @Test
    void devFromTrainIsABooleanThatExcludesDataDev() {
        assertTrue(parse(MINIMAL, "data.dev_from_train=true").data().devFromTrain());
        assertTrue(parse(MINIMAL.replace("data:\n", "data:\n  dev_from_train: true\n")).data().devFromTrain());
        assertEquals(FILE + " (override --set data.dev_from_train=yes): data.dev_from_train needs true or false, got 'yes'",
                error(MINIMAL, "data.dev_from_train=yes"));
        assertEquals(FILE + " (key data.dev_from_train, set by --set): data.dev_from_train: true carves dev from train, "
                + "but data.dev names a dev set; keep one of them",
                error(MINIMAL, "data.dev_from_train=true", "data.dev=dev.jsonl"));
    }
}
