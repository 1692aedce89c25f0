package org.clinicalbert.workbench.experiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --set dotted.key=value}: applied before validation, typed by the key, unknown keys rejected. */
class ConfigOverridesTest {

    private static final Path FILE = Path.of("experiments", "x.yaml");
    private static final ConfigLoader LOADER = new ConfigLoader(null);
    private static final String BASE = """
            name: demo
            task: i2b2-2010
            data:
              train: data/train
            model:
              init: clinical-bert
            train:
              lr: 2.0e-5
              eval_every_steps: 50
            """;

    private static ExperimentConfig load(String... sets) {
        return LOADER.parse(FILE, BASE, List.of(sets));
    }

    private static String error(String... sets) {
        return assertThrows(ConfigException.class, () -> load(sets)).getMessage();
    }

    @Test
    void overridesReplaceAddAndAreTyped() {
        ExperimentConfig c = load("train.lr=3e-5", "train.epochs=4", "eval.cv_folds=10", "task=i2b2-2014",
                "model.max_seq_length=128", "output.dir=out/x", "data.split_seed=9");
        assertEquals(3e-5, c.train().lr());
        assertEquals(4, c.train().epochs());
        assertEquals(10, c.eval().cvFolds());
        assertEquals(Task.I2B2_2014, c.task());
        assertEquals(128, c.model().maxSeqLength());
        assertEquals(Path.of("out/x"), c.output().dir());
        assertEquals(9L, c.data().splitSeed());
        // the later override wins; null restores the default
        assertEquals(16, load("train.batch_size=8", "train.batch_size=16").train().batchSize());
        assertNull(load("train.eval_every_steps=null").train().evalEverySteps());
        assertEquals(50, load().train().evalEverySteps());
    }

    @Test
    void overridesAreValidatedLikeTheFile() {
        // range checks run after overrides
        assertEquals("experiments/x.yaml (key train.dropout, set by --set): value 1.0 out of range: must be >= 0 and < 1",
                error("train.dropout=1"));
        // an override can supply a required key missing from the file
        assertEquals("experiments/x.yaml (key model.path, set by --set): give either model.init or model.path, not both",
                error("model.path=/m"));
    }

    @Test
    void badOverrides() {
        assertEquals("experiments/x.yaml (override --set train.lrr=3e-5): unknown key train.lrr; did you mean 'lr'? "
                + "Known keys of train: lr, batch_size, grad_accum_steps, epochs, warmup_proportion, dropout, weight_decay, "
                + "max_grad_norm, seed, eval_every_steps, early_stopping_patience, tensorboard", error("train.lrr=3e-5"));
        assertEquals("experiments/x.yaml (override --set trian.lr=3e-5): unknown key trian.lr; did you mean 'train'? "
                + "Known keys: name, task, data, model, train, eval, output", error("trian.lr=3e-5"));
        assertEquals("experiments/x.yaml (override --set train.epochs=3.5): train.epochs needs an integer, got '3.5'",
                error("train.epochs=3.5"));
        assertEquals("experiments/x.yaml (override --set train.lr=fast): train.lr needs a number, got 'fast'",
                error("train.lr=fast"));
        assertEquals("experiments/x.yaml (override --set train.lr=NaN): train.lr needs a number, got 'NaN'",
                error("train.lr=NaN"));
        assertEquals("experiments/x.yaml (override --set task=i2b2-2011): unknown value 'i2b2-2011' for task; expected one of "
                + "mednli, i2b2-2006, i2b2-2010, i2b2-2012, i2b2-2014; did you mean 'i2b2-2010'?", error("task=i2b2-2011"));
        assertEquals("experiments/x.yaml (override --set train=3): train is a section; set one of its keys: lr, batch_size, "
                + "grad_accum_steps, epochs, warmup_proportion, dropout, weight_decay, max_grad_norm, seed, "
                + "eval_every_steps, early_stopping_patience, tensorboard", error("train=3"));
        assertEquals("experiments/x.yaml (override --set name.x=1): name is not a section", error("name.x=1"));
        assertEquals("experiments/x.yaml (override --set train.lr): expected dotted.key=value", error("train.lr"));
    }
}
