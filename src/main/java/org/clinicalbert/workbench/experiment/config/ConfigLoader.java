package org.clinicalbert.workbench.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads an experiment YAML file: parse, apply {@code --set} overrides, validate every key (unknown keys,
 * types, required keys, allowed values, ranges, rules between keys), then build the {@link ExperimentConfig}.
 * Every error is a {@link ConfigException} naming the file and the key path.
 */
public final class ConfigLoader {

    private final Set<String> knownModels;

    /** @param knownModels registry names {@code model.init} may use; null to leave init unchecked */
    public ConfigLoader(Set<String> knownModels) {
        this.knownModels = knownModels == null ? null : Set.copyOf(knownModels);
    }

    /** A loader that checks {@code model.init} against the registry's names. */
    public static ConfigLoader withRegistry(ModelRegistry registry) {
        return new ConfigLoader(registry.names());
    }

    public ExperimentConfig load(Path file) {
        return load(file, List.of());
    }

    public ExperimentConfig load(Path file, List<String> overrides) {
        return load(YamlFile.read(file), overrides);
    }

    /** Parses YAML text as if read from {@code file} (which names the source in errors). */
    public ExperimentConfig parse(Path file, String yaml, List<String> overrides) {
        return load(YamlFile.parse(file, yaml), overrides);
    }

    private ExperimentConfig load(YamlFile yaml, List<String> overrides) {
        refuseOtherKinds(yaml);
        Overrides.apply(yaml.file(), yaml.tree(), ExperimentSchema.ROOT, overrides, yaml.locations());
        Map<String, Object> v = new SchemaValidator(yaml.file(), yaml.locations())
                .validate(ExperimentSchema.ROOT, yaml.tree());
        ExperimentConfig config = bind(yaml, v);
        checkRules(yaml, config);
        return config;
    }

    /**
     * A sweep or study file given where an experiment is read (most often to {@code run}) says which command takes
     * it, instead of its first key being "unknown". Known by the keys only those files have at the top: a sweep's
     * {@code experiment}, a study's {@code initialisations} and {@code tasks}; an experiment has none of them.
     */
    private static void refuseOtherKinds(YamlFile yaml) {
        ObjectNode tree = yaml.tree();
        Path file = yaml.file();
        if (tree.has("task")) {
            return;
        }
        if (tree.has("experiment")) {
            throw yaml.error("experiment", "this is a sweep file (its experiment key names the experiment it "
                    + "varies), not an experiment: run it with `workbench sweep " + file + "`");
        }
        for (String key : List.of("initialisations", "tasks")) {
            if (tree.has(key)) {
                throw yaml.error(key, "this is a study file, not an experiment: run it with `workbench study "
                        + file + "`");
            }
        }
    }

    /**
     * What can only be checked against the model itself: model.max_seq_length must fit its position table
     * (bert_config.json max_position_embeddings). {@code file} names the config for the message (may be null).
     */
    public static void checkAgainstModel(Path file, ExperimentConfig config, Path modelDir) {
        Path json = modelDir.resolve("bert_config.json");
        int positions = org.clinicalbert.workbench.model.BertConfig.load(json).maxPositionEmbeddings();
        int maxSeq = config.model().maxSeqLength();
        if (maxSeq > positions) {
            throw new ConfigException(file, "model.max_seq_length", "model.max_seq_length " + maxSeq
                    + " exceeds max_position_embeddings " + positions + " of the model (" + json + ")");
        }
    }

    /**
     * Checks that every data path the config names exists, relative paths resolved against {@code baseDir}.
     * Separate from loading so that the shipped configs validate on machines without the credentialed data.
     */
    public static void checkDataPaths(Path file, ExperimentConfig config, Path baseDir) {
        for (ExperimentPaths.Entry e : ExperimentPaths.of(config)) {
            Path p = baseDir.resolve(e.path());
            if (e.key().startsWith("data.") && !Files.exists(p)) {
                throw new ConfigException(file, e.key(), "data path " + p.normalize()
                        + " does not exist (the corpora need a data use agreement and are never downloaded; "
                        + "see experiments/README.md)");
            }
        }
    }

    private static ExperimentConfig bind(YamlFile yaml, Map<String, Object> v) {
        String name = (String) v.get("name");
        Task task = Task.fromId((String) v.get("task"));
        DataConfig data = new DataConfig((String) v.get("data.format"), (Path) v.get("data.train"),
                (Path) v.get("data.dev"), (Path) v.get("data.test"), (Path) v.get("data.corpus_dir"),
                (Long) v.get("data.split_seed"), (Boolean) v.get("data.dev_from_train"));
        if (data.devFromTrain() && data.dev() != null) {
            throw yaml.error("data.dev_from_train",
                    "data.dev_from_train: true carves dev from train, but data.dev names a dev set; keep one of them");
        }
        ModelConfig model = new ModelConfig((String) v.get("model.init"), (Path) v.get("model.path"),
                toInt(yaml, v, "model.max_seq_length"));
        TrainConfig train = new TrainConfig((Double) v.get("train.lr"), toInt(yaml, v, "train.batch_size"),
                toInt(yaml, v, "train.grad_accum_steps"), toInt(yaml, v, "train.epochs"),
                (Double) v.get("train.warmup_proportion"), (Double) v.get("train.dropout"),
                (Double) v.get("train.weight_decay"), (Double) v.get("train.max_grad_norm"),
                (Long) v.get("train.seed"), toInt(yaml, v, "train.eval_every_steps"),
                toInt(yaml, v, "train.early_stopping_patience"), (Boolean) v.get("train.tensorboard"));
        EvalConfig eval = new EvalConfig((String) v.get("eval.split"), toInt(yaml, v, "eval.cv_folds"));
        Path out = (Path) v.get("output.dir");
        OutputConfig output = new OutputConfig(out != null ? out : Path.of("results", name));
        return new ExperimentConfig(name, task, data, model, train, eval, output);
    }

    private static Integer toInt(YamlFile yaml, Map<String, Object> v, String key) {
        Long l = (Long) v.get(key);
        if (l == null) {
            return null;
        }
        if (l > Integer.MAX_VALUE) {
            throw yaml.error(key, "value " + l + " is too large");
        }
        return l.intValue();
    }

    /** Rules that involve more than one key. */
    private void checkRules(YamlFile yaml, ExperimentConfig c) {
        yaml.checkFolderName("name", c.name(), "the results folder");
        ModelConfig m = c.model();
        if ((m.init() == null) == (m.path() == null)) {
            throw yaml.error(m.init() == null ? "model" : "model.path",
                    m.init() == null ? "missing required key: give model.init (a registry name) or model.path (a checkpoint folder)"
                            : "give either model.init or model.path, not both");
        }
        if (m.init() != null && knownModels != null && !knownModels.contains(m.init())) {
            throw yaml.error("model.init", "unknown model '" + m.init() + "'"
                    + Suggest.didYouMean(m.init(), knownModels) + " Registry names: "
                    + String.join(", ", new java.util.TreeSet<>(knownModels)));
        }
        DataConfig d = c.data();
        boolean paths = d.train() != null || d.dev() != null || d.test() != null;
        if (d.corpusDir() != null && paths) {
            throw yaml.error("data.corpus_dir", "give either data.corpus_dir or data.train/dev/test, not both");
        }
        if (d.corpusDir() == null && d.train() == null) {
            throw yaml.error("data.train", "missing data path: give data.train (and dev/test) or data.corpus_dir");
        }
        if (c.eval().split().equals("test") && d.corpusDir() == null && d.test() == null) {
            throw yaml.error("data.test", "missing data path: eval.split is test but data.test is not set");
        }
        if (d.format().equals("conll") && !c.task().isNer()) {
            throw yaml.error("data.format", "format conll is for the NER tasks, not " + c.task().id());
        }
        TrainConfig t = c.train();
        if (t.batchSize() % t.gradAccumSteps() != 0) {
            throw yaml.error("train.grad_accum_steps", "batch_size " + t.batchSize()
                    + " is not a multiple of grad_accum_steps " + t.gradAccumSteps()
                    + " (each step accumulates batch_size / grad_accum_steps examples per pass)");
        }
    }
}
