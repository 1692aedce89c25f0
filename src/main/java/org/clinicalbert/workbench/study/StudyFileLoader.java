package org.clinicalbert.workbench.study;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.KeyLocations;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.experiment.config.Task;
import org.clinicalbert.workbench.experiment.config.YamlTree;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.StrictUtf8;
import org.clinicalbert.workbench.sweep.SweepConfig;
import org.clinicalbert.workbench.sweep.SweepFileLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks a study file. A task's grid, fixed overrides and score are checked by the sweep's own loader
 * (one syntax, one set of rules: every value is loaded into the experiment as an override), its errors moved to
 * the study file's line; what only a study knows (initialisations, seeds, keys the study sets itself, selection on
 * dev only) is checked here. Every error is an {@link InputFormatException} naming the study file, line and key.
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
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern SWEEP_KEY = Pattern.compile("key (\\S+)$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ConfigLoader experiments;
    private final ModelRegistry registry;
    private final Path baseDir;

    /**
     * @param experiments loads experiment templates (with the registry's names)
     * @param registry    tells a registry name from a model folder
     * @param baseDir     relative model folders are resolved against it (the working directory)
     */
    public StudyFileLoader(ConfigLoader experiments, ModelRegistry registry, Path baseDir) {
        this.experiments = experiments;
        this.registry = registry;
        this.baseDir = baseDir;
    }

    /** @param outputDir the study folder, or null for {@code output_dir} of the file, else results/studies/NAME */
    public StudyConfig load(Path file, Path outputDir) {
        String text;
        try {
            text = StrictUtf8.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputFormatException(file, null, "no such file");
        } catch (IOException e) {
            throw new InputFormatException(file, null, "cannot read: " + e.getMessage(), e);
        }
        return parse(file, text, outputDir);
    }

    public StudyConfig parse(Path file, String text, Path outputDir) {
        JsonNode root = YamlTree.parse(file, text);
        return new Parse(file, text, root, KeyLocations.of(text)).run(outputDir);
    }

    private final class Parse {
        private final Path file;
        private final String text;
        private final JsonNode root;
        private final KeyLocations lines;

        Parse(Path file, String text, JsonNode root, KeyLocations lines) {
            this.file = file;
            this.text = text;
            this.root = root;
            this.lines = lines;
        }

        StudyConfig run(Path outputDir) {
            unknownKeys(root, "", KEYS);
            String name = root.has("name") ? text(root.get("name"), "name") : stem(file);
            if (!NAME.matcher(name).matches()) {
                throw error("name", "'" + name + "' may only hold letters, digits, '.', '_' and '-' (it names the study folder)");
            }
            List<Initialisation> inits = initialisations();
            List<Long> seeds = seeds();
            int samples = 1000;
            long bootstrapSeed = 12345;
            JsonNode b = root.get("bootstrap");
            if (b != null && !b.isNull()) {
                if (!b.isObject()) {
                    throw error("bootstrap", "expected a mapping {samples: N, seed: S}");
                }
                unknownKeys(b, "bootstrap.", List.of("samples", "seed"));
                if (b.has("samples")) {
                    samples = (int) integer(b.get("samples"), "bootstrap.samples", 1, 1_000_000);
                }
                if (b.has("seed")) {
                    bootstrapSeed = integer(b.get("seed"), "bootstrap.seed", Long.MIN_VALUE, Long.MAX_VALUE);
                }
            }
            if (root.hasNonNull("output_dir")
                    && org.clinicalbert.workbench.io.ResultsLocation.isUri(text(root.get("output_dir"), "output_dir"))) {
                throw error("output_dir", "a study writes to a local or mounted path (a Hadoop file system URI is "
                        + "supported for sweep --out and run --set output.dir with --spark, not for a study)");
            }
            Path out = outputDir != null ? outputDir
                    : root.hasNonNull("output_dir") ? Path.of(text(root.get("output_dir"), "output_dir"))
                    : Path.of("results", "studies", name);
            List<StudyTask> tasks = tasks(inits);
            return new StudyConfig(file, text, name, inits, tasks, seeds, samples, bootstrapSeed, out);
        }

        private List<Initialisation> initialisations() {
            JsonNode list = root.get("initialisations");
            if (list == null || list.isNull()) {
                throw error("initialisations", "missing required key: the models to compare, registry names "
                        + "(config/models.yaml) or checkpoint folders");
            }
            if (!list.isArray() || list.isEmpty()) {
                throw error("initialisations", "expected a non-empty list of registry names or model folders");
            }
            List<Initialisation> out = new ArrayList<>();
            Set<String> folders = new LinkedHashSet<>();
            for (JsonNode n : list) {
                String key = text(n, "initialisations");
                Initialisation init;
                if (registry.names().contains(key)) {
                    String paperName = registry.entry(key).paperName();
                    init = new Initialisation(key, key, null, paperName == null ? key : paperName);
                } else if (key.contains("/") || key.contains("\\") || Files.isDirectory(baseDir.resolve(key))) {
                    Path p = Path.of(key);
                    if (!Files.isDirectory(baseDir.resolve(p))) {
                        throw error("initialisations", "model folder " + baseDir.resolve(p).normalize() + " not found");
                    }
                    init = new Initialisation(key, null, p, key);
                } else {
                    throw error("initialisations", "unknown initialisation '" + key + "': neither a registry name ("
                            + String.join(", ", new java.util.TreeSet<>(registry.names())) + ") nor a model folder");
                }
                if (!folders.add(init.folderName())) {
                    throw error("initialisations", "'" + key + "' is listed twice (or names the same folder as another)");
                }
                out.add(init);
            }
            return out;
        }

        private List<Long> seeds() {
            JsonNode list = root.get("seeds");
            if (list == null || list.isNull()) {
                throw error("seeds", "missing required key: the training seeds of the final runs, e.g. [1, 2, 3]");
            }
            if (!list.isArray() || list.isEmpty()) {
                throw error("seeds", "expected a non-empty list of integer seeds, e.g. [1, 2, 3]");
            }
            List<Long> out = new ArrayList<>();
            for (JsonNode n : list) {
                long s = integer(n, "seeds", Long.MIN_VALUE, Long.MAX_VALUE);
                if (out.contains(s)) {
                    throw error("seeds", "seed " + s + " is listed twice");
                }
                out.add(s);
            }
            return out;
        }

        private List<StudyTask> tasks(List<Initialisation> inits) {
            JsonNode tasks = root.get("tasks");
            if (tasks == null || tasks.isNull()) {
                throw error("tasks", "missing required key: per task id (" + String.join(", ", Task.ids())
                        + ") its experiment, score and grid");
            }
            if (!tasks.isObject() || tasks.isEmpty()) {
                throw error("tasks", "expected a non-empty mapping of task id to {experiment, score, grid}");
            }
            List<StudyTask> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(task(e.getKey(), e.getValue(), inits));
            }
            return out;
        }

        private StudyTask task(String id, JsonNode node, List<Initialisation> inits) {
            String at = "tasks." + id;
            Task task = Task.fromId(id);
            if (task == null) {
                throw error(at, "unknown task '" + id + "'; tasks: " + String.join(", ", Task.ids()));
            }
            if (!node.isObject()) {
                throw error(at, "expected a mapping with experiment, score and grid");
            }
            unknownKeys(node, at + ".", TASK_KEYS);
            for (String required : List.of("experiment", "score", "grid")) {
                if (!node.hasNonNull(required)) {
                    throw error(at, "missing required key " + required);
                }
            }
            String score = text(node.get("score"), at + ".score");
            if (!score.startsWith("dev.")) {
                throw error(at + ".score", "a study chooses its configurations on dev scores only (the test set is "
                        + "scored once, after the choice); expected dev.<metric>, e.g. dev." + task.metrics().get(0)
                        + ", got '" + score + "'");
            }
            for (String section : List.of("grid", "set")) {
                JsonNode s = node.get(section);
                if (s != null && s.isObject()) {
                    for (Iterator<String> keys = s.fieldNames(); keys.hasNext(); ) {
                        String key = keys.next();
                        if (STUDY_KEYS.containsKey(key)) {
                            throw error(at + "." + section + "." + key, key + " is set by the study: "
                                    + STUDY_KEYS.get(key));
                        }
                    }
                }
            }
            Path experiment = Path.of(text(node.get("experiment"), at + ".experiment"));
            if (!Files.isRegularFile(experiment)) {
                throw error(at + ".experiment", "experiment file " + experiment + " not found (paths are relative to "
                        + "the working directory, normally the repository root)");
            }
            ExperimentConfig template;
            try {
                template = experiments.load(experiment);
            } catch (InputFormatException e) {
                throw error(at + ".experiment", "rejected: " + e.getMessage());
            }
            if (template.task() != task) {
                throw error(at + ".experiment", experiment + " is a " + template.task().id() + " experiment, not " + id);
            }
            SweepConfig sweep = sweep(at, node);
            template = experiments.load(sweep.experiment(), sweep.fixed());
            // every initialisation must fit the template with the study's own keys (a model folder replaces init)
            for (Initialisation init : inits) {
                List<String> sets = new ArrayList<>(sweep.fixed());
                sets.addAll(init.overrides());
                sets.add("eval.split=test");
                try {
                    experiments.load(sweep.experiment(), sets);
                } catch (InputFormatException e) {
                    throw error(at + ".experiment", "rejected with initialisation " + init.key()
                            + " scored on test: " + e.getMessage());
                }
            }
            Integer folds = template.eval().cvFolds();
            return new StudyTask(id, task, sweep.experiment(), sweep.fixed(), sweep.parameters(), sweep.score(),
                    folds != null && folds >= 2);
        }

        /** The task as a sweep file, parsed by the sweep's loader; its errors point into the study file. */
        private SweepConfig sweep(String at, JsonNode node) {
            ObjectNode s = YAML.createObjectNode();
            s.put("name", "study-grid");
            s.set("experiment", node.get("experiment"));
            s.put("search", "grid");
            if (node.has("set")) {
                s.set("set", node.get("set"));
            }
            s.set("parameters", node.get("grid"));
            s.set("score", node.get("score"));
            String yaml;
            try {
                yaml = YAML.writeValueAsString(s);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            try {
                return new SweepFileLoader(experiments).parse(file, yaml);
            } catch (InputFormatException e) {
                String key = e.location() == null ? null : sweepKey(e.location());
                String studyKey = key == null ? at
                        : key.startsWith("parameters.") ? at + ".grid." + key.substring("parameters.".length())
                        : key.equals("parameters") ? at + ".grid"
                        : key.startsWith("set") || key.equals("score") || key.equals("experiment") ? at + "." + key
                        : at;
                throw error(studyKey, bareMessage(e).replace("allow_test_selection", "a sweep's allow_test_selection"));
            }
        }

        private void unknownKeys(JsonNode node, String prefix, List<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw error(prefix + key, "unknown key '" + key + "'; known keys: " + String.join(", ", known));
                }
            }
        }

        private String text(JsonNode v, String key) {
            if (v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank()) {
                throw error(key, "expected a text value, got " + v);
            }
            return v.asText();
        }

        private long integer(JsonNode v, String key, long min, long max) {
            if (v == null || !v.isIntegralNumber() || v.longValue() < min || v.longValue() > max) {
                throw error(key, "expected an integer" + (min == Long.MIN_VALUE ? "" : " >= " + min)
                        + (max == Long.MAX_VALUE ? "" : " and <= " + max) + ", got " + v);
            }
            return v.longValue();
        }

        private InputFormatException error(String key, String message) {
            return new InputFormatException(file, lines.describe(key), message);
        }
    }

    private static String sweepKey(String location) {
        Matcher m = SWEEP_KEY.matcher(location);
        return m.find() ? m.group(1) : null;
    }

    /** The message without the "file (location): " prefix the exception adds. */
    private static String bareMessage(InputFormatException e) {
        String prefix = e.file() + (e.location() == null || e.location().isEmpty() ? "" : " (" + e.location() + ")") + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
