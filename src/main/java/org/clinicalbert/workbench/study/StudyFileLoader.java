package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.experiment.config.Task;
import org.clinicalbert.workbench.experiment.config.YamlFile;
import org.clinicalbert.workbench.experiment.config.YamlNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepFileLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and checks a study file. A task's experiment, fixed overrides, grid and score are read as a grid by the
 * sweep's loader ({@link SweepFileLoader#grid}: one syntax, one set of rules, every value loaded into the experiment
 * as an override), its errors at the study file's own keys; what only a study knows (initialisations, seeds, keys
 * the study sets itself, selection on dev only) is checked here. Every error names the study file, line and key.
 */
public final class StudyFileLoader {

    static final List<String> KEYS = List.of("name", "initialisations", "tasks", "seeds", "bootstrap", "output_dir");
    static final List<String> TASK_KEYS = List.of("experiment", "score", "grid", "set");
    /** Keys a study sets itself in every run: a task may neither fix nor sweep them. */
    static final Map<String, String> STUDY_KEYS = Map.of(
            "model.init", "the initialisations key chooses the model of every run",
            "model.path", "the initialisations key chooses the model of every run",
            "eval.split", "the study scores its grid on dev and its final runs on test",
            "train.seed", "the grid runs with the experiment's seed and the final runs with the study's seeds key",
            "output.dir", "the study puts every run in its own folder");

    private final ConfigLoader experiments;
    private final SweepFileLoader sweeps;
    private final ModelRegistry registry;
    private final Path baseDir;

    /**
     * @param experiments loads experiment templates (with the registry's names)
     * @param registry    tells a registry name from a model folder
     * @param baseDir     relative model folders are resolved against it (the working directory)
     */
    public StudyFileLoader(ConfigLoader experiments, ModelRegistry registry, Path baseDir) {
        this.experiments = experiments;
        this.sweeps = new SweepFileLoader(experiments);
        this.registry = registry;
        this.baseDir = baseDir;
    }

    /** @param outputDir the study folder, or null for {@code output_dir} of the file, else results/studies/NAME */
    public StudyConfig load(Path file, Path outputDir) {
        return read(YamlFile.read(file), outputDir);
    }

    public StudyConfig parse(Path file, String text, Path outputDir) {
        return read(YamlFile.parse(file, text), outputDir);
    }

    private StudyConfig read(YamlFile yaml, Path outputDir) {
        YamlNode root = yaml.root();
        root.onlyKeys(KEYS);
        String name = root.get("name").text(yaml.stem());
        yaml.checkFolderName("name", name, "the study folder");
        List<Initialisation> inits = initialisations(root.get("initialisations"));
        List<Long> seeds = seeds(root.get("seeds"));
        YamlNode bootstrap = root.get("bootstrap").mapping("a mapping {samples: N, seed: S}");
        bootstrap.onlyKeys(List.of("samples", "seed"));
        int samples = (int) bootstrap.get("samples").integer(1, 1_000_000, 1000);
        long bootstrapSeed = bootstrap.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 12345);
        YamlNode outKey = root.get("output_dir");
        if (outKey.isSet() && org.clinicalbert.workbench.io.ResultsLocation.isUri(outKey.text())) {
            throw outKey.error("a study writes to a local or mounted path (a Hadoop file system URI is "
                    + "supported for sweep --out and run --set output.dir with --spark, not for a study)");
        }
        Path out = outputDir != null ? outputDir
                : outKey.isSet() ? Path.of(outKey.text())
                : Path.of("results", "studies", name);
        List<StudyTask> tasks = tasks(root.get("tasks"), inits, out);
        return new StudyConfig(yaml.file(), yaml.text(), name, inits, tasks, seeds, samples, bootstrapSeed, out);
    }

    private List<Initialisation> initialisations(YamlNode list) {
        list.required("the models to compare, registry names (config/models.yaml) or checkpoint folders");
        List<Initialisation> out = new ArrayList<>();
        Set<String> folders = new LinkedHashSet<>();
        for (YamlNode n : list.nonEmptyList("a non-empty list of registry names or model folders")) {
            String key = n.text();
            Initialisation init;
            if (registry.names().contains(key)) {
                String paperName = registry.entry(key).paperName();
                init = new Initialisation(key, key, null, paperName == null ? key : paperName);
            } else if (key.contains("/") || key.contains("\\") || Files.isDirectory(baseDir.resolve(key))) {
                Path p = Path.of(key);
                if (!Files.isDirectory(baseDir.resolve(p))) {
                    throw n.error("model folder " + baseDir.resolve(p).normalize() + " not found");
                }
                init = new Initialisation(key, null, p, key);
            } else {
                throw n.error("unknown initialisation '" + key + "': neither a registry name ("
                        + String.join(", ", new TreeSet<>(registry.names())) + ") nor a model folder");
            }
            if (!folders.add(init.folderName())) {
                throw n.error("'" + key + "' is listed twice (or names the same folder as another)");
            }
            out.add(init);
        }
        return out;
    }

    private static List<Long> seeds(YamlNode list) {
        list.required("the training seeds of the final runs, e.g. [1, 2, 3]");
        List<Long> out = new ArrayList<>();
        for (YamlNode n : list.nonEmptyList("a non-empty list of integer seeds, e.g. [1, 2, 3]")) {
            long s = n.integer(Long.MIN_VALUE, Long.MAX_VALUE);
            if (out.contains(s)) {
                throw n.error("seed " + s + " is listed twice");
            }
            out.add(s);
        }
        return out;
    }

    private List<StudyTask> tasks(YamlNode tasks, List<Initialisation> inits, Path out) {
        tasks.required("per task id (" + String.join(", ", Task.ids()) + ") its experiment, score and grid")
                .nonEmptyMapping("a non-empty mapping of task id to {experiment, score, grid}");
        List<StudyTask> list = new ArrayList<>();
        for (YamlNode t : tasks.entries()) {
            list.add(task(t, inits, out));
        }
        return list;
    }

    private StudyTask task(YamlNode node, List<Initialisation> inits, Path out) {
        String id = node.key();
        Task task = Task.fromId(id);
        if (task == null) {
            throw node.error("unknown task '" + id + "'; tasks: " + String.join(", ", Task.ids()));
        }
        if (!node.isSet() || !node.json().isObject()) {
            throw node.error("expected a mapping with experiment, score and grid");
        }
        node.onlyKeys(TASK_KEYS);
        for (String required : List.of("experiment", "score", "grid")) {
            if (!node.get(required).isSet()) {
                throw node.error("missing required key " + required);
            }
        }
        YamlNode scoreKey = node.get("score");
        String score = scoreKey.text();
        if (!score.startsWith("dev.")) {
            throw scoreKey.error("a study chooses its configurations on dev scores only (the test set is "
                    + "scored once, after the choice); expected dev.<metric>, e.g. dev." + task.metrics().get(0)
                    + ", got '" + score + "'");
        }
        for (String section : List.of("grid", "set")) {
            for (YamlNode key : node.get(section).entries()) {
                if (STUDY_KEYS.containsKey(key.key())) {
                    throw key.error(key.key() + " is set by the study: " + STUDY_KEYS.get(key.key()));
                }
            }
        }
        YamlNode experimentKey = node.get("experiment");
        Path experiment = Path.of(experimentKey.text());
        if (!Files.isRegularFile(experiment)) {
            throw experimentKey.error("experiment file " + experiment + " not found (paths are relative to "
                    + "the working directory, normally the repository root)");
        }
        ExperimentConfig template;
        try {
            template = experiments.load(experiment);
        } catch (InputFormatException e) {
            throw experimentKey.error("rejected: " + e.getMessage());
        }
        if (template.task() != task) {
            throw experimentKey.error(experiment + " is a " + template.task().id() + " experiment, not " + id);
        }
        SweepConfig grid = sweeps.grid(id, experimentKey, node.get("set"), node.get("grid"), scoreKey,
                out.resolve("grid").resolve(id));
        // every initialisation must fit the template with the study's own keys (a model folder replaces init)
        Integer folds = null;
        for (Initialisation init : inits) {
            List<String> sets = new ArrayList<>(grid.fixed());
            sets.addAll(init.overrides());
            sets.add("eval.split=test");
            try {
                // the study's keys leave eval.cv_folds as the template with the fixed overrides has it
                folds = experiments.load(grid.experiment(), sets).eval().cvFolds();
            } catch (InputFormatException e) {
                throw experimentKey.error("rejected with initialisation " + init.key() + " scored on test: "
                        + e.getMessage());
            }
        }
        return new StudyTask(id, task, grid.experiment(), grid.fixed(), grid.parameters(), grid.score(),
                folds != null && folds >= 2);
    }
}
