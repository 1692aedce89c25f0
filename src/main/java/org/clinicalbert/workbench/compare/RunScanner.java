package org.clinicalbert.workbench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.FolderStatus;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds run folders under results folders, at any depth, and reads the finished ones. What a folder is comes from
 * its {@code status.json} ({@link FolderStatus#kindOf}): a sweep's and a study's own status files describe the
 * sweep or study, never a run. A run's place decides whether it is compared:
 * <ul>
 *   <li>a run of an experiment ({@code workbench run}), or a study's final run ({@code final/<task>/<init>/seed-<s>/}):
 *       always;</li>
 *   <li>a sweep's candidate run ({@code <sweep>/candidate-<n>/<run>/}): only with {@code includeSweeps}, as its own
 *       configuration (never pooled with the experiment's runs);</li>
 *   <li>a study's grid run ({@code <study>/grid/<task>/<init>/}, a sweep inside a study): never; the grid chooses the
 *       configuration on dev, its runs are not the study's results.</li>
 * </ul>
 * A run folder's sub-folders (folds, model, checkpoints) are not searched: a cross-validation run's folds are read
 * through its summary. Hidden folders (Spark's staging, {@code .parts}) are skipped.
 */
public final class RunScanner {

    private static final Logger log = LoggerFactory.getLogger(RunScanner.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RunScanner() {
    }

    /** Where a run folder sits, and so whether it is compared. */
    enum Place {
        EXPERIMENT, SWEEP_CANDIDATE, STUDY_GRID
    }

    /**
     * What a scan found: the finished runs it read, and how many finished runs it left out by their place (sweep
     * candidates without {@code includeSweeps}, study grid runs).
     */
    public record Found(List<RunResult> runs, int sweepCandidatesLeftOut, int studyGridRunsLeftOut,
                        List<Unreadable> unreadable) {
    }

    /**
     * A run folder whose status.json or (finished) metrics.json cannot be read: listed as unreadable rather than
     * left out without a word, and not allowed to stop the comparison of every other run.
     *
     * @param file   the status.json or metrics.json
     * @param reason what is wrong with it, naming the file (and line), as the reader said
     */
    public record Unreadable(Path dir, Path file, String reason) {
    }

    /**
     * Finished experiment runs under the given folders (each a results folder, an experiment folder or one run
     * folder); the candidates of sweeps are left out.
     */
    public static List<RunResult> scan(List<Path> roots, String split) throws IOException {
        return scan(roots, split, false);
    }

    /** Finished runs under the given folders, sweep candidates only with {@code includeSweeps}. */
    public static List<RunResult> scan(List<Path> roots, String split, boolean includeSweeps) throws IOException {
        return find(roots, split, includeSweeps).runs();
    }

    /** As {@link #scan(List, String, boolean)}, with the counts of what was left out by place. */
    public static Found find(List<Path> roots, String split, boolean includeSweeps) throws IOException {
        List<RunResult> out = new ArrayList<>();
        int candidates = 0;
        int grid = 0;
        List<Unreadable> unreadable = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new UserInputException("results folder not found: " + root);
            }
            for (Path dir : runFolders(root)) {
                // a status file being rewritten or corrupt reads "unknown": the run is not known to be finished
                Path statusFile = dir.resolve(RunStatus.FILE);
                if (Files.isRegularFile(statusFile) && RunStatus.read(dir).isEmpty()) {
                    unreadable.add(new Unreadable(dir, statusFile, statusFile + ": not a readable status (cut "
                            + "short, being rewritten, or damaged): cannot tell whether the run finished"));
                    continue;
                }
                RunState state = RunStatus.stateOf(dir);
                if (state != RunState.FINISHED) {
                    log.info("skipping {}: state '{}'", dir, state);
                    continue;
                }
                Location at = locate(dir);
                if (at.place() == Place.STUDY_GRID) {
                    grid++;
                } else if (at.place() == Place.SWEEP_CANDIDATE && !includeSweeps) {
                    candidates++;
                } else {
                    Path metricsFile = dir.resolve(RunMetrics.FILE);
                    // a missing one stays the error read() gives; a readable one with a wrong value too (its key)
                    Optional<String> bad = Files.isRegularFile(metricsFile) ? RunMetrics.unreadable(metricsFile)
                            : Optional.empty();
                    if (bad.isPresent()) {
                        unreadable.add(new Unreadable(dir, metricsFile, bad.get()));
                        continue;
                    }
                    RunResult r = read(dir, split);
                    out.add(at.place() == Place.SWEEP_CANDIDATE ? r.asCandidateOf(at.sweep()) : r);
                }
            }
        }
        if (candidates > 0) {
            log.info("left out {} sweep candidate run(s); --include-sweeps compares them too", candidates);
        }
        if (grid > 0) {
            log.info("left out {} study grid run(s): a study's results are its final runs", grid);
        }
        return new Found(out, candidates, grid, List.copyOf(unreadable));
    }

    /** Every run folder at or below {@code root}, in path order ({@link FolderStatus#folders}). */
    static List<Path> runFolders(Path root) throws IOException {
        return FolderStatus.folders(root).stream()
                .filter(d -> FolderStatus.kindOf(d).filter(FolderStatus.RUN::equals).isPresent()).toList();
    }

    /** A run's place, and the nearest sweep folder above it (null when there is none). */
    record Location(Place place, Path sweep) {
    }

    /**
     * A run below a sweep that lies inside a study is a grid run; below a sweep only, a candidate. Every folder
     * above is looked at, not only those below the folder given to compare, so that naming a sweep's (or a
     * candidate's) folder directly still knows what it is.
     */
    static Location locate(Path run) {
        Path sweep = null;
        for (Path p = run.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            Optional<String> kind = FolderStatus.kindOf(p);
            if (sweep == null && kind.filter(FolderStatus.SWEEP::equals).isPresent()) {
                sweep = p;
            } else if (kind.filter(FolderStatus.STUDY::equals).isPresent()) {
                return new Location(sweep != null ? Place.STUDY_GRID : Place.EXPERIMENT, sweep);
            }
        }
        return new Location(sweep != null ? Place.SWEEP_CANDIDATE : Place.EXPERIMENT, sweep);
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
                folds, settings(config), config.path("name").asText(""), null);
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
