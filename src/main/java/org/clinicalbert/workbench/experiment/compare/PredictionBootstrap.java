package org.clinicalbert.workbench.experiment.compare;

import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.StrictUtf8;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.eval.BootstrapInterval;
import org.clinicalbert.workbench.eval.PairedBootstrap;
import org.clinicalbert.workbench.eval.TagPair;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paired bootstrap between two runs of the same task on the same split, from their
 * {@code predictions-<split>.jsonl}: MedNLI accuracy over examples (matched by pairID), NER entity F1 over
 * sentences (matched by position, with the same words and gold tags required).
 */
public final class PredictionBootstrap {

    private static final ObjectMapper JSON = Json.MAPPER;

    /** @param metric "accuracy" or "f1" */
    public record Result(String task, String metric, int units, double scoreA, double scoreB, BootstrapInterval interval) {
    }

    private PredictionBootstrap() {
    }

    public static Result compare(Path runA, Path runB, String split, PairedBootstrap bootstrap) throws IOException {
        String taskA = task(runA);
        String taskB = task(runB);
        if (!taskA.equals(taskB)) {
            throw new IllegalArgumentException("runs are of different tasks: " + taskA + " (" + runA + ") and "
                    + taskB + " (" + runB + ")");
        }
        Path fileA = runA.resolve("predictions-" + split + ".jsonl");
        Path fileB = runB.resolve("predictions-" + split + ".jsonl");
        List<JsonNode> recA = readJsonl(fileA);
        List<JsonNode> recB = readJsonl(fileB);
        if (recA.isEmpty() || recA.get(0).has("pairID")) {
            return accuracy(taskA, fileA, recA, fileB, recB, bootstrap);
        }
        return entityF1(taskA, fileA, recA, fileB, recB, bootstrap);
    }

    /**
     * The task from the run's metrics.json. Works for fold folders of a cross-validation run too (they have
     * metrics and predictions but no config or status); a CV run's summary folder has no predictions of its own.
     */
    private static String task(Path run) throws IOException {
        Path file = run.resolve("metrics.json");
        if (!Files.isRegularFile(file)) {
            throw new InputFormatException(file, null, "not found: is " + run + " a run folder?");
        }
        JsonNode m;
        try {
            m = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputFormatException(file, "line " + e.getLocation().getLineNr(), "not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (m.has("cv_folds")) {
            throw new IllegalArgumentException(run + " is a cross-validation run; bootstrap compares single runs' "
                    + "predictions: pick one of its fold-N folders");
        }
        if (!m.path("task").isTextual()) {
            throw new InputFormatException(file, "task", "expected the task id as a string");
        }
        return m.get("task").asText();
    }

    private static Result accuracy(String task, Path fileA, List<JsonNode> a, Path fileB, List<JsonNode> b,
                                   PairedBootstrap bootstrap) {
        Map<String, Boolean> byIdB = new LinkedHashMap<>();
        Map<String, String> goldB = new LinkedHashMap<>();
        for (int i = 0; i < b.size(); i++) {
            String id = field(b.get(i), "pairID", fileB, i);
            goldB.put(id, field(b.get(i), "gold_label", fileB, i));
            byIdB.put(id, goldB.get(id).equals(field(b.get(i), "predicted_label", fileB, i)));
        }
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(fileA + " has " + a.size() + " examples but " + fileB + " has " + b.size());
        }
        List<Boolean> correctA = new ArrayList<>();
        List<Boolean> correctB = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String id = field(a.get(i), "pairID", fileA, i);
            String gold = field(a.get(i), "gold_label", fileA, i);
            if (!byIdB.containsKey(id)) {
                throw new InputFormatException(fileA, "line " + (i + 1), "pairID " + id + " is not in " + fileB);
            }
            if (!gold.equals(goldB.get(id))) {
                throw new InputFormatException(fileA, "line " + (i + 1), "gold label of " + id + " differs from " + fileB);
            }
            correctA.add(gold.equals(field(a.get(i), "predicted_label", fileA, i)));
            correctB.add(byIdB.get(id));
        }
        BootstrapInterval ci = bootstrap.accuracyDifference(correctA, correctB);
        return new Result(task, "accuracy", a.size(), share(correctA), share(correctB), ci);
    }

    private static Result entityF1(String task, Path fileA, List<JsonNode> a, Path fileB, List<JsonNode> b,
                                   PairedBootstrap bootstrap) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(fileA + " has " + a.size() + " sentences but " + fileB + " has " + b.size());
        }
        List<List<TagPair>> pairsA = new ArrayList<>();
        List<List<TagPair>> pairsB = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).path("words").equals(b.get(i).path("words"))) {
                throw new InputFormatException(fileB, "line " + (i + 1), "words differ from line " + (i + 1) + " of " + fileA);
            }
            pairsA.add(tagPairs(a.get(i), fileA, i));
            pairsB.add(tagPairs(b.get(i), fileB, i));
        }
        BootstrapInterval ci = bootstrap.entityF1Difference(pairsA, pairsB);
        double f1A = org.clinicalbert.workbench.eval.ConllEval.evaluate(pairsA).overall().f1();
        double f1B = org.clinicalbert.workbench.eval.ConllEval.evaluate(pairsB).overall().f1();
        return new Result(task, "f1", a.size(), f1A, f1B, ci);
    }

    private static List<TagPair> tagPairs(JsonNode rec, Path file, int i) {
        JsonNode gold = rec.path("gold");
        JsonNode pred = rec.path("predicted");
        if (!gold.isArray() || !pred.isArray() || gold.size() != pred.size()) {
            throw new InputFormatException(file, "line " + (i + 1), "expected arrays gold and predicted of equal length");
        }
        List<TagPair> out = new ArrayList<>(gold.size());
        for (int w = 0; w < gold.size(); w++) {
            try {
                out.add(new TagPair(gold.get(w).asText(), pred.get(w).asText()));
            } catch (IllegalArgumentException e) {
                throw new InputFormatException(file, "line " + (i + 1) + ", word " + (w + 1), e.getMessage(), e);
            }
        }
        return out;
    }

    private static String field(JsonNode rec, String name, Path file, int i) {
        JsonNode v = rec.get(name);
        if (v == null || !v.isTextual()) {
            throw new InputFormatException(file, "line " + (i + 1), "expected a string field '" + name + "'");
        }
        return v.asText();
    }

    private static double share(List<Boolean> correct) {
        return correct.stream().filter(c -> c).count() / (double) correct.size();
    }

    private static List<JsonNode> readJsonl(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputFormatException(file, null, "prediction file not found");
        }
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = StrictUtf8.bufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(JSON.readTree(line));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new InputFormatException(file, "line " + n, "not valid JSON: " + e.getOriginalMessage(), e);
                }
            }
        }
        return out;
    }
}
