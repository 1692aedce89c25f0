package org.clinicalbert.workbench.experiment.config;

import static org.clinicalbert.workbench.experiment.config.ConfigKey.optional;
import static org.clinicalbert.workbench.experiment.config.ConfigKey.required;
import static org.clinicalbert.workbench.experiment.config.ConfigKey.section;

import java.util.List;
import org.clinicalbert.workbench.experiment.config.ConfigKey.Kind;

/**
 * The keys of an experiment YAML file, their types, defaults and the source of each default.
 * Validation, {@code --set} overrides and the documentation all read this one description.
 */
final class ExperimentSchema {

    static final ConfigKey ROOT = section("", "an experiment",
            required("name", Kind.STRING, "run name; letters, digits, '.', '_' and '-' (used in folder names)"),
            required("task", Kind.STRING, "the downstream task").oneOf(Task.ids()),
            section("data", "where the task's data is",
                    optional("format", Kind.STRING, "original",
                            "'original' = the corpus as released; 'conll' = converted 'word label' lines (NER only)")
                            .oneOf(List.of("original", "conll")),
                    optional("train", Kind.PATH, null, "training file or folder"),
                    optional("dev", Kind.PATH, null, "dev file or folder (else carved from train with split_seed)"),
                    optional("test", Kind.PATH, null, "test file or folder"),
                    optional("corpus_dir", Kind.PATH, null, "folder holding the release files, instead of train/dev/test"),
                    optional("split_seed", Kind.INTEGER, 42L, "seed for dev carving and CV folds (our choice)"),
                    optional("dev_from_train", Kind.BOOLEAN, false,
                            "carve dev from train even where the release has a dev set (MedNLI); "
                                    + "without it a missing dev file is warned about")),
            section("model", "the initialisation",
                    optional("init", Kind.STRING, null, "a model registry name (config/models.yaml)"),
                    optional("path", Kind.PATH, null, "a checkpoint folder, instead of init"),
                    optional("max_seq_length", Kind.INTEGER, 150L,
                            "150 as the study (run_classifier.sh, run_i2b2.sh)")
                            .atLeast(3, true).atMost(512, true)),
            section("train", "fine-tuning hyperparameters",
                    optional("lr", Kind.NUMBER, 2e-5, "2e-5, the smallest of the study's grid {2e-5, 3e-5, 5e-5}")
                            .atLeast(0, false),
                    optional("batch_size", Kind.INTEGER, 32L,
                            "32: in the study's grid {16, 32}, google run_classifier.py train_batch_size")
                            .atLeast(1, true),
                    optional("grad_accum_steps", Kind.INTEGER, 1L,
                            "1 (google); the study's MedNLI runs used 2 (run_classifier.sh)").atLeast(1, true),
                    optional("epochs", Kind.INTEGER, 3L,
                            "3: google run_classifier.py num_train_epochs, in both study grids").atLeast(1, true),
                    optional("warmup_proportion", Kind.NUMBER, 0.1, "0.1: google and the study's run_classifier.py")
                            .atLeast(0, true).atMost(1, false),
                    optional("dropout", Kind.NUMBER, 0.1, "0.1: bert_config.json hidden_dropout_prob, google classifier head")
                            .atLeast(0, true).atMost(1, false),
                    optional("weight_decay", Kind.NUMBER, 0.01, "0.01: google optimization.py weight_decay_rate")
                            .atLeast(0, true),
                    optional("max_grad_norm", Kind.NUMBER, 1.0, "1.0: google optimization.py clip_by_global_norm")
                            .atLeast(0, false),
                    optional("seed", Kind.INTEGER, 42L, "42: the study's run_classifier.py --seed default"),
                    optional("eval_every_steps", Kind.INTEGER, null, "dev evaluation interval in steps; unset = each epoch")
                            .atLeast(1, true),
                    optional("early_stopping_patience", Kind.INTEGER, null, "evaluations without improvement; unset = off")
                            .atLeast(1, true),
                    optional("tensorboard", Kind.BOOLEAN, true,
                            "write TensorBoard event files into the run folder's tensorboard/")),
            section("eval", "what to score",
                    optional("split", Kind.STRING, "dev", "dev or test").oneOf(List.of("dev", "test")),
                    optional("cv_folds", Kind.INTEGER, null, "k-fold CV over train+dev; the study ran 10 for NER")
                            .atLeast(2, true)),
            section("output", "where results go",
                    optional("dir", Kind.PATH, null, "results folder; unset = results/<name>")));

    private ExperimentSchema() {
    }

    /** The key at a dotted path, or null. */
    static ConfigKey find(String dottedPath) {
        ConfigKey k = ROOT;
        for (String part : dottedPath.split("\\.", -1)) {
            if (k.kind() != Kind.SECTION) {
                return null;
            }
            k = k.child(part);
            if (k == null) {
                return null;
            }
        }
        return k;
    }
}
