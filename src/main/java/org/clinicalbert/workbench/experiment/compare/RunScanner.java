package org.clinicalbert.workbench.experiment.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.clinicalbert.workbench.experiment.RunMetrics;
import org.clinicalbert.workbench.experiment.RunStatus;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds run folders (a folder holding {@code status.json}, {@code config.yaml} and {@code metrics.json}, as
 * {@code workbench run} writes them) under results folders and reads the finished ones. Fold sub-folders of a
 * cross-validation run have no status file and are read through their parent's summary instead.
 */
public final class RunScanner {

    private static final Logger log = LoggerFactory.getLogger(RunScanner.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** results/ -> experiment/ -> run-id/ is depth 2; leave room for one more level of grouping. */
    private static final int MAX_DEPTH = 4;

    private RunScanner() {
    }

    /**
     * Finished experiment runs under the given folders (each a results folder, an experiment folder or one run
     * folder); the candidates of sweeps are left out.
     */
    public static List<RunResult> scan(List<Path> roots, String split) throws IOException {
        return scan(roots, split, false);
    }

    /**
     * Finished runs under the given folders. A sweep's candidate runs (run folders below a folder holding the
     * sweep's {@code sweep.json}) are trials of other settings, not runs of the experiment: they count only with
     * {@code includeSweeps}.
     */
    public static List<RunResult> scan(List<Path> roots, String split, boolean includeSweeps) throws IOException {
        List<RunResult> out = new ArrayList<>();
        int candidates = 0;
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("results folder not found: " + root);
            }
            List<Path> runDirs;
            try (Stream<Path> s = Files.walk(root, MAX_DEPTH)) {
                runDirs = s.filter(p -> Files.isRegularFile(p.resolve(RunStatus.FILE)))
                        .sorted(Comparator.comparing(Path::toString)).toList();
            }
            for (Path dir : runDirs) {
                if (!includeSweeps && inSweep(root, dir)) {
                    candidates++;
                    continue;
                }
                // a sweep's or a study's own folder has a status.json too, but it is not a run
                String kind = RunStatus.read(dir).map(RunStatus::kind).orElse(null);
                if ("sweep".equals(kind) || "study".equals(kind)) {
                    continue;
                }
                // a status file being rewritten or corrupt reads "unknown": the run is not known to be finished
                String state = RunStatus.stateOf(dir);
                if (!"finished".equals(state)) {
                    log.info("skipping {}: state '{}'", dir, state);
                    continue;
                }
                out.add(read(dir, split));
            }
        }
        if (candidates > 0) {
            log.info("left out {} sweep candidate run(s); --include-sweeps compares them too", candidates);
        }
        return out;
    }

    /** Whether {@code dir} lies below a sweep's output folder (one holding sweep.json), up to {@code root}. */
    static boolean inSweep(Path root, Path dir) {
        Path top = root.toAbsolutePath().normalize();
        for (Path p = dir.toAbsolutePath().normalize().getParent(); p != null && p.startsWith(top); p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("sweep.json"))) {
                return true;
            }
        }
        return false;
    }

    /** One finished run folder. */
    public static RunResult read(Path dir, String split) {
        Path configFile = dir.resolve("config.yaml");
        Path metricsFile = dir.resolve(RunMetrics.FILE);
        JsonNode config = parse(YAML, configFile);
        if (!Files.isRegularFile(metricsFile)) {
            throw new InputFormatException(metricsFile, null, "missing from a finished run folder");
        }
        RunMetrics metrics = RunMetrics.read(metricsFile);
        String task = text(config, "task", configFile);
        JsonNode model = config.path("model");
        String init = model.hasNonNull("init") ? model.get("init").asText()
                : model.hasNonNull("path") ? model.get("path").asText() : null;
        if (init == null) {
            throw new InputFormatException(configFile, "model", "names neither model.init nor model.path");
        }
        JsonNode seedNode = config.path("train").path("seed");
        Long seed = seedNode.isIntegralNumber() ? seedNode.asLong() : null;
        if (metrics.task() != null && !metrics.task().equals(task)) {
            throw new InputFormatException(metricsFile, "task", "task '" + metrics.task() + "' but config.yaml says '"
                    + task + "'");
        }
        if (!metrics.has(split)) {
            throw new InputFormatException(metricsFile, split, "no scores for the " + split
                    + " split (was the run made with eval.split " + split + "?)");
        }
        Map<String, Score> scores = metrics instanceof RunMetrics.CrossValidated cv ? cvScores(cv, metricsFile, split)
                : singleScores((RunMetrics.Single) metrics, metricsFile, split);
        int folds = metrics instanceof RunMetrics.CrossValidated cv ? cv.cvFolds() : 0;
        return new RunResult(dir, dir.getFileName().toString(), task, init, seed, scores, metrics.entityTypeF1(split),
                folds, settings(config), config.path("name").asText(""));
    }

    /**
     * The config as canonical text, less what may differ between repeats of one configuration: its name (grouped on
     * separately), output folder and training seed. The data split seed and fold count stay: they change the data.
     */
    private static String settings(JsonNode config) {
        com.fasterxml.jackson.databind.node.ObjectNode c = config.deepCopy();
        c.remove("name");
        c.remove("output");
        if (c.get("train") instanceof com.fasterxml.jackson.databind.node.ObjectNode train) {
            train.remove("seed");
        }
        try {
            return JSON.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsString(JSON.treeToValue(c, Object.class));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Score> singleScores(RunMetrics.Single metrics, Path file, String split) {
        if (metrics.split(split).metrics() == null) {
            throw new InputFormatException(file, split + ".metrics", "expected an object of metric values");
        }
        Map<String, Score> out = new LinkedHashMap<>();
        metrics.scores(split).forEach((metric, v) -> {
            if (v == null) {
                throw new InputFormatException(file, split + ".metrics." + metric, "expected a number, got null");
            }
            out.put(metric, Score.single(v));
        });
        return out;
    }

    private static Map<String, Score> cvScores(RunMetrics.CrossValidated metrics, Path file, String split) {
        Map<String, Score> out = new LinkedHashMap<>();
        metrics.split(split).forEach((metric, s) -> {
            String at = split + "." + metric;
            List<Double> values = s == null ? null : s.values();
            if (values == null || values.isEmpty() || values.stream().anyMatch(java.util.Objects::isNull)) {
                throw new InputFormatException(file, at, "expected {mean, std, values} with at least one value");
            }
            if (s.mean() == null) {
                throw new InputFormatException(file, at + ".mean", "expected a number, got nothing");
            }
            out.put(metric, new Score(s.mean(), s.std() == null ? Double.NaN : s.std(), s.values()));
        });
        return out;
    }

    private static String text(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new InputFormatException(file, key, "expected a string value for '" + key + "'");
        }
        return v.asText();
    }

    private static JsonNode parse(ObjectMapper mapper, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputFormatException(file, null, "missing from a finished run folder");
        }
        try {
            JsonNode n = mapper.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new InputFormatException(file, null, "expected an object at the top level");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InputFormatException(file, loc == null ? null : "line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr(), "not valid " + (mapper == YAML ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputFormatException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }
}
