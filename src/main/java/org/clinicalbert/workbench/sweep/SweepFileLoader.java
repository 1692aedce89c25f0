package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.io.StrictUtf8;
import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.KeyLocations;
import org.clinicalbert.workbench.experiment.config.YamlTree;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a sweep YAML file. Every swept value and every fixed override is checked by loading the
 * experiment with it as a {@code --set} override, so the experiment schema stays the one place that knows key
 * names, types and ranges. Every error is an {@link InputFormatException} naming the sweep file and the key.
 */
public final class SweepFileLoader {

    static final List<String> KEYS = List.of("name", "experiment", "search", "candidates", "max_minutes",
            "parameters", "score", "seed", "set", "output_dir", "allow_test_selection");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

    private final ConfigLoader experiments;

    /** @param experiments loads the experiment file with overrides (with a registry to check model names) */
    public SweepFileLoader(ConfigLoader experiments) {
        this.experiments = experiments;
    }

    public SweepConfig load(Path file) {
        String text;
        try {
            text = StrictUtf8.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputFormatException(file, null, "no such file");
        } catch (IOException e) {
            throw new InputFormatException(file, null, "cannot read: " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    /** Parses YAML text as if read from {@code file}. */
    public SweepConfig parse(Path file, String text) {
        JsonNode root = YamlTree.parse(file, text);
        return new Parse(file, root, KeyLocations.of(text)).run();
    }

    /** One file's parse: holds the file and its key lines so every error can name them. */
    private final class Parse {
        private final Path file;
        private final JsonNode root;
        private final KeyLocations lines;

        Parse(Path file, JsonNode root, KeyLocations lines) {
            this.file = file;
            this.root = root;
            this.lines = lines;
        }

        SweepConfig run() {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    throw error(key, "unknown key '" + key + "'; known keys: " + String.join(", ", KEYS));
                }
            }
            String name = root.has("name") ? text("name") : stem(file);
            if (!NAME.matcher(name).matches()) {
                throw error("name", "'" + name + "' may only hold letters, digits, '.', '_' and '-' (it names the results folder)");
            }
            if (!root.hasNonNull("experiment")) {
                throw error("experiment", "missing required key: the experiment YAML every candidate starts from");
            }
            Path experiment = Path.of(text("experiment"));
            List<String> fixed = fixedOverrides();
            for (String f : fixed) {
                loadExperiment("set." + f.substring(0, f.indexOf('=')), experiment, List.of(f));
            }
            ExperimentConfig base = loadExperiment(fixed.isEmpty() ? "experiment" : "set", experiment, fixed);

            SweepConfig.Search search = switch (root.has("search") ? text("search") : "grid") {
                case "grid" -> SweepConfig.Search.GRID;
                case "random" -> SweepConfig.Search.RANDOM;
                default -> throw error("search", "expected grid or random, got '" + text("search") + "'");
            };
            Integer candidates = null;
            if (search == SweepConfig.Search.RANDOM) {
                if (!root.has("candidates")) {
                    throw error("candidates", "missing required key: random search needs how many candidates to draw");
                }
                candidates = (int) integer("candidates", 1);
            } else if (root.has("candidates")) {
                throw error("candidates", "candidates is for random search; a grid runs every combination "
                        + "(limit a run with --max-candidates)");
            }
            Double maxMinutes = null;
            if (root.hasNonNull("max_minutes")) {
                JsonNode m = root.get("max_minutes");
                if (!m.isNumber() || m.doubleValue() <= 0) {
                    throw error("max_minutes", "expected a number of minutes > 0, got " + m);
                }
                maxMinutes = m.doubleValue();
            }
            Map<String, ParameterRange> parameters = parameters(search, experiment, fixed);
            if (!root.hasNonNull("score")) {
                throw error("score", "missing required key: the metric to maximise, e.g. dev.accuracy (MedNLI) or dev.f1 (NER)");
            }
            MetricPath score;
            try {
                score = MetricPath.parse(text("score"));
            } catch (UserInputException e) {
                throw error("score", e.getMessage());
            }
            if (!base.task().metrics().contains(score.metric())) {
                throw error("score", base.task().id() + " runs have no metric '" + score.metric() + "'; expected "
                        + base.task().metrics().stream().map(m -> score.split() + "." + m)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
            boolean allowTest = false;
            if (root.has("allow_test_selection")) {
                JsonNode a = root.get("allow_test_selection");
                if (!a.isBoolean()) {
                    throw error("allow_test_selection", "expected true or false, got " + a);
                }
                allowTest = a.booleanValue();
            }
            if (score.split().equals("test") && !allowTest) {
                throw error("score", "choosing hyperparameters on test scores makes the test score optimistic; "
                        + "score on dev, or set allow_test_selection: true to do it anyway (the report says so)");
            }
            if (score.split().equals("test") && !"test".equals(base.eval().split())) {
                throw error("score", "the experiment scores dev only (eval.split: " + base.eval().split()
                        + "), so there is no test metric to maximise");
            }
            long seed = root.has("seed") ? integer("seed", Long.MIN_VALUE) : 42L;
            if (root.hasNonNull("output_dir") && org.clinicalbert.workbench.io.ResultsLocation.isUri(text("output_dir"))) {
                // a Path would also collapse hdfs://nn/x to hdfs:/nn/x: URIs go through the command line, checked there
                throw error("output_dir", "a Hadoop file system URI is given on the command line, as sweep --out URI "
                        + "--spark MASTER; here give a local or mounted path");
            }
            Path out = root.hasNonNull("output_dir") ? Path.of(text("output_dir")) : Path.of("results", "sweeps", name);
            return new SweepConfig(file, name, experiment, fixed, search, candidates, maxMinutes, parameters, score,
                    seed, out, allowTest);
        }

        private List<String> fixedOverrides() {
            List<String> out = new ArrayList<>();
            JsonNode set = root.get("set");
            if (set == null || set.isNull()) {
                return out;
            }
            if (!set.isObject()) {
                throw error("set", "expected a mapping of experiment keys to values, e.g. model.max_seq_length: 64");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "set." + e.getKey();
                checkSweptKey(at, e.getKey());
                out.add(Overrides.format(e.getKey(), scalar(at, e.getValue())));
            }
            return out;
        }

        private Map<String, ParameterRange> parameters(SweepConfig.Search search, Path experiment, List<String> fixed) {
            JsonNode params = root.get("parameters");
            if (params == null || params.isNull()) {
                throw error("parameters", "missing required key: the experiment keys to sweep, e.g. train.lr: [2e-5, 3e-5, 5e-5]");
            }
            if (!params.isObject() || params.isEmpty()) {
                throw error("parameters", "expected a non-empty mapping of experiment keys to value lists");
            }
            Set<String> fixedKeys = new HashSet<>();
            fixed.forEach(f -> fixedKeys.add(f.substring(0, f.indexOf('='))));
            Map<String, ParameterRange> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String at = "parameters." + key;
                checkSweptKey(at, key);
                if (fixedKeys.contains(key)) {
                    throw error(at, key + " is both swept and fixed under set");
                }
                ParameterRange range = range(at, e.getValue(), search);
                // each value (or both bounds) must be one the experiment accepts for this key
                List<Object> probes = range instanceof ParameterRange.Choices c ? c.values()
                        : List.of(bound((ParameterRange.Range) range, true), bound((ParameterRange.Range) range, false));
                for (Object v : probes) {
                    List<String> sets = new ArrayList<>(fixed);
                    sets.add(Overrides.format(key, v));
                    loadExperiment(at, experiment, sets);
                }
                out.put(key, range);
            }
            return out;
        }

        private Object bound(ParameterRange.Range r, boolean min) {
            double v = min ? r.min() : r.max();
            return r.integer() ? (Object) (int) v : (Object) v;
        }

        private ParameterRange range(String at, JsonNode node, SweepConfig.Search search) {
            if (node.isArray()) {
                if (node.isEmpty()) {
                    throw error(at, "empty list: give at least one value");
                }
                List<Object> values = new ArrayList<>();
                for (JsonNode v : node) {
                    Object value = scalar(at, v);
                    if (values.contains(value)) {
                        throw error(at, "value " + value + " is listed twice");
                    }
                    values.add(value);
                }
                return new ParameterRange.Choices(values);
            }
            if (node.isObject()) {
                if (search == SweepConfig.Search.GRID) {
                    throw error(at, "a grid needs a list of values; {min, max} ranges are for search: random");
                }
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!List.of("min", "max", "log").contains(k)) {
                        throw error(at + "." + k, "unknown key '" + k + "'; a range has min, max and log");
                    }
                }
                JsonNode min = node.get("min");
                JsonNode max = node.get("max");
                if (min == null || max == null || !min.isNumber() || !max.isNumber()) {
                    throw error(at, "a range needs numeric min and max");
                }
                boolean log = node.has("log") && node.get("log").asBoolean(false);
                if (node.has("log") && !node.get("log").isBoolean()) {
                    throw error(at + ".log", "expected true or false, got " + node.get("log"));
                }
                if (!(min.doubleValue() < max.doubleValue())) {
                    throw error(at, "min " + min + " must be below max " + max);
                }
                if (log && min.doubleValue() <= 0) {
                    throw error(at, "a log range needs min > 0, got " + min);
                }
                boolean integer = min.isIntegralNumber() && max.isIntegralNumber() && !log;
                return new ParameterRange.Range(min.doubleValue(), max.doubleValue(), log, integer);
            }
            throw error(at, "expected a list of values, e.g. [2e-5, 3e-5, 5e-5], or a range {min, max, log}");
        }

        /** Integer, Long, Double or String; a quoted plain decimal ("2e-5") counts as a number. */
        private Object scalar(String at, JsonNode v) {
            if (v.isInt()) {
                return v.intValue();
            }
            if (v.isIntegralNumber()) {
                return v.longValue();
            }
            if (v.isNumber()) {
                return v.doubleValue();
            }
            if (v.isTextual()) {
                String s = v.textValue().trim();
                if (INTEGER.matcher(s).matches()) {
                    long l = Long.parseLong(s);
                    return l == (int) l ? (Object) (int) l : (Object) l;
                }
                return DECIMAL.matcher(s).matches() ? Double.parseDouble(s) : v.textValue();
            }
            if (v.isBoolean()) {
                return String.valueOf(v.booleanValue());
            }
            throw error(at, "expected a plain value (number or text), got " + (v.isNull() ? "null" : v.getNodeType().name().toLowerCase()));
        }

        private void checkSweptKey(String at, String key) {
            if (key.equals("output.dir")) {
                throw error(at, "output.dir is set by the sweep (one folder per candidate under output_dir)");
            }
            if (key.equals("name")) {
                throw error(at, "name identifies the experiment; give the sweep a name with the top-level name key");
            }
        }

        private ExperimentConfig loadExperiment(String at, Path experiment, List<String> sets) {
            if (!Files.isRegularFile(experiment)) {
                throw error("experiment", "experiment file " + experiment + " not found (paths are relative to "
                        + "the working directory, normally the repository root)");
            }
            try {
                return experiments.load(experiment, sets);
            } catch (InputFormatException e) {
                throw error(at, "rejected by the experiment: " + e.getMessage());
            }
        }

        private String text(String key) {
            JsonNode v = root.get(key);
            if (v == null || !v.isValueNode() || v.isNull()) {
                throw error(key, "expected a text value");
            }
            return v.asText();
        }

        private long integer(String key, long min) {
            JsonNode v = root.get(key);
            if (v == null || !v.isIntegralNumber() || v.longValue() < min) {
                throw error(key, "expected an integer" + (min == Long.MIN_VALUE ? "" : " >= " + min) + ", got " + v);
            }
            return v.longValue();
        }

        private InputFormatException error(String key, String message) {
            return new InputFormatException(file, lines.describe(key), message);
        }
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
