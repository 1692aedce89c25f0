package org.clinicalbert.workbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.YamlFile;
import org.clinicalbert.workbench.experiment.config.YamlNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and validates a sweep: a sweep file, or a grid described inside another YAML file (a study's task, {@link
 * #grid}). Every swept value and every fixed override is checked by loading the experiment with it as a {@code --set}
 * override, so the experiment schema stays the one place that knows key names, types and ranges. Every error names
 * the file, the line and the key it is about ({@link YamlNode#error}).
 */
public final class SweepFileLoader {

    static final List<String> KEYS = List.of("name", "experiment", "search", "candidates", "max_minutes",
            "parameters", "score", "seed", "set", "output_dir", "allow_test_selection");

    private final ConfigLoader experiments;

    /** @param experiments loads the experiment file with overrides (with a registry to check model names) */
    public SweepFileLoader(ConfigLoader experiments) {
        this.experiments = experiments;
    }

    public SweepConfig load(Path file) {
        return read(YamlFile.read(file));
    }

    /** Parses YAML text as if read from {@code file}. */
    public SweepConfig parse(Path file, String text) {
        return read(YamlFile.parse(file, text));
    }

    /**
     * A grid written inside another file: its experiment template, fixed overrides, grid and score, at the keys
     * given, checked as a sweep file's {@code experiment}, {@code set}, {@code parameters} and {@code score} are,
     * every error at those keys of that file.
     */
    public SweepConfig grid(String name, YamlNode experiment, YamlNode set, YamlNode grid, YamlNode score,
                            Path outputDir) {
        Template template = template(experiment, set);
        Map<String, ParameterRange> parameters = parameters(grid, SweepConfig.Search.GRID, template);
        return SweepConfig.grid(experiment.file().file(), name, template.experiment(), template.fixed(), parameters,
                score(score, template.base()), outputDir);
    }

    private SweepConfig read(YamlFile yaml) {
        YamlNode root = yaml.root();
        root.onlyKeys(KEYS);
        String name = root.get("name").text(yaml.stem());
        yaml.checkFolderName("name", name, "the results folder");
        Template template = template(
                root.get("experiment").required("the experiment YAML every candidate starts from"), root.get("set"));

        YamlNode searchKey = root.get("search");
        SweepConfig.Search search = switch (searchKey.text("grid")) {
            case "grid" -> SweepConfig.Search.GRID;
            case "random" -> SweepConfig.Search.RANDOM;
            default -> throw searchKey.error("expected grid or random, got '" + searchKey.text() + "'");
        };
        YamlNode candidatesKey = root.get("candidates");
        Integer candidates = null;
        if (search == SweepConfig.Search.RANDOM) {
            if (!candidatesKey.present()) {
                throw candidatesKey.error("missing required key: random search needs how many candidates to draw");
            }
            long n = candidatesKey.integer(1, Long.MAX_VALUE);
            if (n > Integer.MAX_VALUE) {
                throw candidatesKey.error("value " + n + " is too large");
            }
            candidates = (int) n;
        } else if (candidatesKey.present()) {
            throw candidatesKey.error("candidates is for random search; a grid runs every combination "
                    + "(limit a run with --max-candidates)");
        }
        Double maxMinutes = null;
        YamlNode minutes = root.get("max_minutes");
        if (minutes.isSet()) {
            JsonNode m = minutes.json();
            if (!m.isNumber() || m.doubleValue() <= 0) {
                throw minutes.error("expected a number of minutes > 0, got " + YamlNode.describe(m));
            }
            maxMinutes = m.doubleValue();
        }
        Map<String, ParameterRange> parameters = parameters(root.get("parameters"), search, template);
        YamlNode scoreKey = root.get("score");
        MetricPath score = score(scoreKey, template.base());
        boolean allowTest = root.get("allow_test_selection").bool(false);
        if (score.split().equals("test") && !allowTest) {
            throw scoreKey.error("choosing hyperparameters on test scores makes the test score optimistic; "
                    + "score on dev, or set allow_test_selection: true to do it anyway (the report says so)");
        }
        if (score.split().equals("test") && !"test".equals(template.base().eval().split())) {
            throw scoreKey.error("the experiment scores dev only (eval.split: " + template.base().eval().split()
                    + "), so there is no test metric to maximise");
        }
        long seed = root.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, SweepConfig.DEFAULT_SEED);
        YamlNode outKey = root.get("output_dir");
        if (outKey.isSet() && org.clinicalbert.workbench.io.ResultsLocation.isUri(outKey.text())) {
            // a Path would also collapse hdfs://nn/x to hdfs:/nn/x: URIs go through the command line, checked there
            throw outKey.error("a Hadoop file system URI is given on the command line, as sweep --out URI "
                    + "--spark MASTER; here give a local or mounted path");
        }
        Path out = outKey.isSet() ? Path.of(outKey.text()) : Path.of("results", "sweeps", name);
        return new SweepConfig(yaml.file(), name, template.experiment(), template.fixed(), search, candidates,
                maxMinutes, parameters, score, seed, out, allowTest);
    }

    /**
     * The experiment every candidate starts from, with the fixed overrides, loaded once per override and once with
     * all of them.
     *
     * @param at where the experiment is named (errors about the file point there)
     */
    private record Template(Path experiment, YamlNode at, List<String> fixed, ExperimentConfig base) {
    }

    private Template template(YamlNode experimentKey, YamlNode set) {
        Path experiment = Path.of(experimentKey.text());
        List<YamlNode> entries = set.mapping("a mapping of experiment keys to values, e.g. model.max_seq_length: 64")
                .entries();
        List<String> fixed = new ArrayList<>();
        for (YamlNode e : entries) {
            checkSweptKey(e);
            fixed.add(Overrides.format(e.key(), e.plainValue()));
        }
        // each override alone first, so that a refusal names the key that caused it
        for (int i = 0; i < fixed.size(); i++) {
            loadExperiment(entries.get(i), experimentKey, experiment, List.of(fixed.get(i)));
        }
        ExperimentConfig base = loadExperiment(fixed.isEmpty() ? experimentKey : set, experimentKey, experiment,
                fixed);
        return new Template(experiment, experimentKey, fixed, base);
    }

    private Map<String, ParameterRange> parameters(YamlNode params, SweepConfig.Search search, Template template) {
        params.required("the experiment keys to sweep, e.g. train.lr: [2e-5, 3e-5, 5e-5]")
                .nonEmptyMapping("a non-empty mapping of experiment keys to value lists");
        Set<String> fixedKeys = new HashSet<>();
        template.fixed().forEach(f -> fixedKeys.add(f.substring(0, f.indexOf('='))));
        Map<String, ParameterRange> out = new LinkedHashMap<>();
        for (YamlNode p : params.entries()) {
            String key = p.key();
            checkSweptKey(p);
            if (fixedKeys.contains(key)) {
                throw p.error(key + " is both swept and fixed under set");
            }
            ParameterRange range = range(p, search);
            // each value (or both bounds) must be one the experiment accepts for this key
            List<Object> probes = range instanceof ParameterRange.Choices c ? c.values()
                    : List.of(bound((ParameterRange.Range) range, true), bound((ParameterRange.Range) range, false));
            for (Object v : probes) {
                List<String> sets = new ArrayList<>(template.fixed());
                sets.add(Overrides.format(key, v));
                loadExperiment(p, template.at(), template.experiment(), sets);
            }
            out.put(key, range);
        }
        return out;
    }

    /** The metric to maximise: one the experiment's task reports. */
    private static MetricPath score(YamlNode scoreKey, ExperimentConfig base) {
        scoreKey.required("the metric to maximise, e.g. dev.accuracy (MedNLI) or dev.f1 (NER)");
        MetricPath score;
        try {
            score = MetricPath.parse(scoreKey.text());
        } catch (IllegalArgumentException | UserInputException e) {
            throw scoreKey.error(e.getMessage());
        }
        if (!base.task().metrics().contains(score.metric())) {
            throw scoreKey.error(base.task().id() + " runs have no metric '" + score.metric() + "'; expected "
                    + base.task().metrics().stream().map(m -> score.split() + "." + m)
                    .collect(Collectors.joining(", ")));
        }
        return score;
    }

    private static Object bound(ParameterRange.Range r, boolean min) {
        double v = min ? r.min() : r.max();
        return r.integer() ? (Object) (int) v : (Object) v;
    }

    private static ParameterRange range(YamlNode at, SweepConfig.Search search) {
        JsonNode node = at.json();
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw at.error("empty list: give at least one value");
            }
            List<Object> values = new ArrayList<>();
            for (YamlNode v : at.elements()) {
                Object value = v.plainValue();
                if (values.contains(value)) {
                    throw at.error("value " + value + " is listed twice");
                }
                values.add(value);
            }
            return new ParameterRange.Choices(values);
        }
        if (node.isObject()) {
            if (search == SweepConfig.Search.GRID) {
                throw at.error("a grid needs a list of values; {min, max} ranges are for search: random");
            }
            at.onlyKeys(List.of("min", "max", "log"));
            JsonNode min = node.get("min");
            JsonNode max = node.get("max");
            if (min == null || max == null || !min.isNumber() || !max.isNumber()) {
                throw at.error("a range needs numeric min and max");
            }
            boolean log = at.get("log").bool(false);
            if (!(min.doubleValue() < max.doubleValue())) {
                throw at.error("min " + min + " must be below max " + max);
            }
            if (log && min.doubleValue() <= 0) {
                throw at.error("a log range needs min > 0, got " + min);
            }
            boolean integer = min.isIntegralNumber() && max.isIntegralNumber() && !log;
            return new ParameterRange.Range(min.doubleValue(), max.doubleValue(), log, integer);
        }
        throw at.error("expected a list of values, e.g. [2e-5, 3e-5, 5e-5], or a range {min, max, log}");
    }

    private static void checkSweptKey(YamlNode at) {
        if (at.key().equals("output.dir")) {
            throw at.error("output.dir is set by the sweep (one folder per candidate under output_dir)");
        }
        if (at.key().equals("name")) {
            throw at.error("name identifies the experiment; give the sweep a name with the top-level name key");
        }
    }

    /** The experiment with {@code sets}; its refusal becomes an error at {@code at}. */
    private ExperimentConfig loadExperiment(YamlNode at, YamlNode experimentKey, Path experiment, List<String> sets) {
        if (!Files.isRegularFile(experiment)) {
            throw experimentKey.error("experiment file " + experiment + " not found (paths are relative to "
                    + "the working directory, normally the repository root)");
        }
        try {
            return experiments.load(experiment, sets);
        } catch (InputFormatException e) {
            throw at.error("rejected by the experiment: " + e.getMessage());
        }
    }
}
