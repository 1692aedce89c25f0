package org.clinicalbert.workbench.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.eval.FoldSummary;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run scored: the one type behind {@code metrics.json}. {@link ExperimentRunner} writes it; the run's console
 * table, report.md, a sweep's score, compare, bootstrap, export's model card and the Spark tasks read it back through
 * {@link #read}, so no reader walks untyped maps.
 *
 * <p>A run on one train/dev split ({@link Single}) and a cross-validated run ({@link CrossValidated}) keep the two
 * shapes metrics.json always had ({@code dev.metrics.f1} against {@code dev.f1.mean}), so every run folder written
 * before this type existed still reads; {@link #scores} is the view both give (for cross-validation, the mean over
 * folds). Parts an older or partial file lacks are null; unknown keys are ignored, so that a file from a newer
 * workbench that adds a part still reads here.
 */
public sealed interface RunMetrics permits RunMetrics.Single, RunMetrics.CrossValidated {

    String FILE = "metrics.json";

    /** The task id ({@code mednli}, {@code i2b2-2010}, ...). */
    String task();

    /** What the data readers noted (skipped records, pooled splits); null when none were recorded. */
    List<String> dataNotes();

    RunMetrics withDataNotes(List<String> notes);

    /** Metric name to value for {@code split} ("dev" or "test"); for cross-validation the mean over folds. */
    Map<String, Double> scores(String split);

    /** Whether the run scored {@code split} at all (a dev-only run has no test part). */
    boolean has(String split);

    /** Entity type to F1 on {@code split} (NER runs; for cross-validation the mean over the folds that have it). */
    Map<String, Double> entityTypeF1(String split);

    /**
     * A run scored on one train/dev split: the best dev checkpoint's scores.
     *
     * @param steps     optimizer steps taken
     * @param bestStep  the step of the checkpoint that was kept and scored
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Single(@JsonProperty("task") String task,
                  @JsonProperty("score_name") String scoreName,
                  @JsonProperty("train_examples") Integer trainExamples,
                  @JsonProperty("steps") Long steps,
                  @JsonProperty("best_step") Long bestStep,
                  @JsonProperty("stopped_early") Boolean stoppedEarly,
                  @JsonProperty("dev") SplitScores dev,
                  @JsonProperty("test") SplitScores test,
                  @JsonProperty("data_notes") List<String> dataNotes) implements RunMetrics {

        @Override
        public Single withDataNotes(List<String> notes) {
            return new Single(task, scoreName, trainExamples, steps, bestStep, stoppedEarly, dev, test, notes);
        }

        public SplitScores split(String split) {
            return pick(split, dev, test);
        }

        @Override
        public Map<String, Double> scores(String split) {
            SplitScores s = split(split);
            return s == null || s.metrics() == null ? Map.of() : s.metrics();
        }

        @Override
        public boolean has(String split) {
            return split(split) != null;
        }

        @Override
        public Map<String, Double> entityTypeF1(String split) {
            SplitScores s = split(split);
            Map<String, Double> out = new java.util.TreeMap<>();
            if (s != null && s.details() != null && s.details().entityByType() != null) {
                s.details().entityByType().forEach((type, c) -> out.put(type, c.f1()));
            }
            return out;
        }
    }

    /**
     * A cross-validated run: per split, each metric summarised over the folds, and each fold's own scores.
     *
     * @param cvFolds the number of folds
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CrossValidated(@JsonProperty("task") String task,
                          @JsonProperty("cv_folds") int cvFolds,
                          @JsonProperty("dev") Map<String, MetricSummary> dev,
                          @JsonProperty("test") Map<String, MetricSummary> test,
                          @JsonProperty("folds") List<Single> folds,
                          @JsonProperty("data_notes") List<String> dataNotes) implements RunMetrics {

        /** The summary over folds of every metric the folds report on each split. */
        public static CrossValidated of(String task, List<Single> folds) {
            Map<String, MetricSummary> test = summaries(folds, "test");
            return new CrossValidated(task, folds.size(), summaries(folds, "dev"), test.isEmpty() ? null : test, folds,
                    null);
        }

        /** Over the folds that scored the split (every fold, or none for test in a dev-only run). */
        private static Map<String, MetricSummary> summaries(List<Single> folds, String split) {
            List<Map<String, Double>> byFold = folds.stream().filter(f -> f.has(split)).map(f -> f.scores(split))
                    .toList();
            Map<String, MetricSummary> out = new LinkedHashMap<>();
            if (byFold.isEmpty()) {
                return out;
            }
            org.clinicalbert.workbench.eval.Aggregate.across(byFold).forEach((m, s) -> out.put(m, MetricSummary.of(s)));
            return out;
        }

        @Override
        public CrossValidated withDataNotes(List<String> notes) {
            return new CrossValidated(task, cvFolds, dev, test, folds, notes);
        }

        public Map<String, MetricSummary> split(String split) {
            return pick(split, dev, test);
        }

        @Override
        public Map<String, Double> scores(String split) {
            Map<String, MetricSummary> s = split(split);
            Map<String, Double> out = new LinkedHashMap<>();
            if (s != null) {
                s.forEach((metric, summary) -> {
                    if (summary != null && summary.mean() != null) {
                        out.put(metric, summary.mean());
                    }
                });
            }
            return out;
        }

        @Override
        public boolean has(String split) {
            return split(split) != null;
        }

        /** Mean F1 per type over folds; a type missing from a fold's predictions and gold counts as absent there. */
        @Override
        public Map<String, Double> entityTypeF1(String split) {
            Map<String, List<Double>> values = entityTypeF1ByFold(split);
            Map<String, Double> out = new java.util.TreeMap<>();
            values.forEach((type, v) -> out.put(type, v.stream().mapToDouble(Double::doubleValue).average()
                    .orElse(Double.NaN)));
            return out;
        }

        /** Entity type to the F1 of each fold that has the type, in fold order. */
        public Map<String, List<Double>> entityTypeF1ByFold(String split) {
            Map<String, List<Double>> values = new java.util.TreeMap<>();
            for (Single fold : folds == null ? List.<Single>of() : folds) {
                fold.entityTypeF1(split).forEach((type, f1) -> values.computeIfAbsent(type, k -> new ArrayList<>()).add(f1));
            }
            return values;
        }
    }

    /** One split's scores: the flat metrics (the sweep's and compare's numbers) and the detailed report. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SplitScores(@JsonProperty("metrics") Map<String, Double> metrics,
                       @JsonProperty("details") SplitDetails details) {
    }

    /**
     * The detailed report of one split. A classification task (MedNLI) fills the first four parts, an entity task
     * (i2b2) the last seven; the others are null and left out of the file.
     *
     * @param confusionMatrixGoldRows gold label to predicted label to count
     * @param words                   words scored (conlleval's token count)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SplitDetails(@JsonProperty("examples") Long examples,
                        @JsonProperty("accuracy") Double accuracy,
                        @JsonProperty("per_class") Map<String, LabelScores> perClass,
                        @JsonProperty("confusion_matrix_gold_rows") Map<String, Map<String, Long>> confusionMatrixGoldRows,
                        @JsonProperty("sentences") Long sentences,
                        @JsonProperty("words") Long words,
                        @JsonProperty("entity_micro") EntityScores entityMicro,
                        @JsonProperty("entity_by_type") Map<String, EntityScores> entityByType,
                        @JsonProperty("entity_macro_f1") Double entityMacroF1,
                        @JsonProperty("token_accuracy") Double tokenAccuracy,
                        @JsonProperty("token_micro_excluding_O") LabelScores tokenMicroExcludingO) {

        public static SplitDetails classification(long examples, double accuracy, Map<String, LabelScores> perClass,
                                                  Map<String, Map<String, Long>> confusionMatrixGoldRows) {
            return new SplitDetails(examples, accuracy, perClass, confusionMatrixGoldRows, null, null, null, null, null,
                    null, null);
        }

        public static SplitDetails entities(long sentences, long words, EntityScores entityMicro,
                                            Map<String, EntityScores> entityByType, double entityMacroF1,
                                            double tokenAccuracy, LabelScores tokenMicroExcludingO) {
            return new SplitDetails(null, null, null, null, sentences, words, entityMicro, entityByType, entityMacroF1,
                    tokenAccuracy, tokenMicroExcludingO);
        }
    }

    /** Precision, recall and F1 of one class (or a micro average); support: gold items of the class, when known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LabelScores(@JsonProperty("precision") double precision, @JsonProperty("recall") double recall,
                       @JsonProperty("f1") double f1, @JsonProperty("support") Long support) {
    }

    /** conlleval's counts and scores for one entity type (or all). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record EntityScores(@JsonProperty("precision") double precision, @JsonProperty("recall") double recall,
                        @JsonProperty("f1") double f1, @JsonProperty("gold") long gold,
                        @JsonProperty("predicted") long predicted, @JsonProperty("correct") long correct) {
    }

    /**
     * One metric over the folds: mean, sample standard deviation, extremes and the per-fold values. Boxed: files
     * written by hand or by older versions may give only some of them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MetricSummary(@JsonProperty("mean") Double mean, @JsonProperty("std") Double std,
                         @JsonProperty("min") Double min, @JsonProperty("max") Double max,
                         @JsonProperty("values") List<Double> values) {

        public static MetricSummary of(FoldSummary f) {
            return new MetricSummary(f.mean(), f.std(), f.min(), f.max(), f.values());
        }
    }

    /** The dev or test part of a run's scores, by the split's name. */
    private static <T> T pick(String split, T dev, T test) {
        return switch (split) {
            case "dev" -> dev;
            case "test" -> test;
            default -> throw new IllegalArgumentException("split must be dev or test, got '" + split + "'");
        };
    }

    // ---- the one reader and writer

    /** Writes {@code dir/metrics.json} atomically. */
    default void write(Path dir) throws IOException {
        AtomicFiles.writeBytes(dir.resolve(FILE), Json.PRETTY.writeValueAsBytes(this));
    }

    default String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metrics of task " + task() + " cannot be written as JSON", e);
        }
    }

    /** {@code dir/metrics.json} when the run wrote it, else empty (an unfinished run or fold). */
    static Optional<RunMetrics> readIfPresent(Path dir) {
        Path f = dir.resolve(FILE);
        return Files.isRegularFile(f) ? Optional.of(read(f)) : Optional.empty();
    }

    /** Reads a metrics.json; bad content is an {@link InputFormatException} naming the file and the key or line. */
    static RunMetrics read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputFormatException(file, null, "not found");
        }
        return fromTree(tree(file), file);
    }

    /**
     * Why {@code file} cannot be read at all (not JSON, cut short, not readable), naming the file and line; empty
     * when it parses. Where runs are listed such a run is shown as unreadable; a file that parses but holds a wrong
     * value is not "unreadable": {@link #read} names its key.
     */
    static Optional<String> unreadable(Path file) {
        try {
            tree(file);
            return Optional.empty();
        } catch (InputFormatException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static JsonNode tree(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InputFormatException(file, loc == null ? null : "line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr(), "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputFormatException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Metrics sent as JSON text (a Spark task's result); {@code source} names where they came from. */
    static RunMetrics parse(String json, String source) {
        try {
            return fromTree(Json.MAPPER.readTree(json), Path.of(source, FILE));
        } catch (JsonProcessingException e) {
            throw new InputFormatException(Path.of(source, FILE), null, "not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Metrics from a parsed tree: a cross-validated run is the one with {@code cv_folds}. A value of the wrong type
     * is an error at its key path ({@code test.metrics.accuracy}).
     */
    static RunMetrics fromTree(JsonNode tree, Path file) {
        if (tree == null || !tree.isObject()) {
            throw new InputFormatException(file, null, "expected an object at the top level");
        }
        Class<? extends RunMetrics> type = tree.has("cv_folds") ? CrossValidated.class : Single.class;
        try {
            return Json.MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw new InputFormatException(file, path(e), "expected " + expected(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InputFormatException(file, null, "unreadable metrics: " + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                // 1-based as folds are named on disk (fold-1)
                sb.append('[').append(r.getIndex() + 1).append(']');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String expected(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            if (Number.class.isAssignableFrom(t) || t == double.class || t == long.class || t == int.class) {
                return "a number";
            }
            if (Map.class.isAssignableFrom(t) || t.isRecord()) {
                return "an object";
            }
            if (List.class.isAssignableFrom(t)) {
                return "a list";
            }
            if (t == String.class) {
                return "a string";
            }
        }
        return "another value";
    }
}
