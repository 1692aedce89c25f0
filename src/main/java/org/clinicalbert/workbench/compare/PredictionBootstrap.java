package org.clinicalbert.workbench.compare;

import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.StrictUtf8;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.eval.BootstrapInterval;
import org.clinicalbert.workbench.eval.PairedBootstrap;
import org.clinicalbert.workbench.eval.TagPair;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.RunMetrics;
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
        return compareMeans(List.of(runA), List.of(runB), split, bootstrap);
    }

    /**
     * Paired bootstrap between two systems that are each one or more models of the same task (the seeds of a
     * configuration, or the fold folders of a cross-validation run), every model's predictions over the same
     * units: the difference of the systems' mean scores. With no run for B: the interval of A's mean score
     * ({@code scoreB} is then NaN).
     */
    public static Result compareMeans(List<Path> runsA, List<Path> runsB, String split, PairedBootstrap bootstrap)
            throws IOException {
        if (runsA.isEmpty()) {
            throw new IllegalArgumentException("no run to score");
        }
        String taskA = task(runsA.get(0));
        for (Path run : concat(runsA, runsB)) {
            String t = task(run);
            if (!taskA.equals(t)) {
                throw new UserInputException("runs are of different tasks: " + taskA + " (" + runsA.get(0)
                        + ") and " + t + " (" + run + ")");
            }
        }
        Path ref = runsA.get(0).resolve("predictions-" + split + ".jsonl");
        List<JsonNode> recRef = readJsonl(ref);
        boolean accuracy = recRef.isEmpty() || recRef.get(0).has("pairID");
        List<double[][]> a = new ArrayList<>();
        List<double[][]> b = new ArrayList<>();
        List<Double> scoresA = new ArrayList<>();
        List<Double> scoresB = new ArrayList<>();
        for (Path run : concat(runsA, runsB)) {
            boolean inA = a.size() < runsA.size();
            Path file = run.resolve("predictions-" + split + ".jsonl");
            List<JsonNode> rec = file.equals(ref) ? recRef : readJsonl(file);
            double[][] counts;
            if (accuracy) {
                List<Boolean> correct = correctInOrderOf(ref, recRef, file, rec);
                counts = PairedBootstrap.accuracyCounts(correct);
                (inA ? scoresA : scoresB).add(share(correct));
            } else {
                List<List<TagPair>> pairs = sentencesInOrderOf(ref, recRef, file, rec);
                counts = PairedBootstrap.entityCounts(pairs);
                (inA ? scoresA : scoresB).add(org.clinicalbert.workbench.eval.ConllEval.evaluate(pairs).overall().f1());
            }
            (inA ? a : b).add(counts);
        }
        BootstrapInterval ci = bootstrap.meanDifference(a, b, accuracy ? PairedBootstrap.ACCURACY : PairedBootstrap.ENTITY_F1);
        return new Result(taskA, accuracy ? "accuracy" : "f1", recRef.size(), mean(scoresA), mean(scoresB), ci);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Per example of the reference file, in its order, whether {@code file}'s model got it right. */
    private static List<Boolean> correctInOrderOf(Path ref, List<JsonNode> refRec, Path file, List<JsonNode> rec) {
        Map<String, Boolean> byId = new LinkedHashMap<>();
        Map<String, String> gold = new LinkedHashMap<>();
        for (int i = 0; i < rec.size(); i++) {
            String id = field(rec.get(i), "pairID", file, i);
            gold.put(id, field(rec.get(i), "gold_label", file, i));
            byId.put(id, gold.get(id).equals(field(rec.get(i), "predicted_label", file, i)));
        }
        if (refRec.size() != rec.size()) {
            throw new UserInputException(ref + " has " + refRec.size() + " examples but " + file + " has " + rec.size());
        }
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < refRec.size(); i++) {
            String id = field(refRec.get(i), "pairID", ref, i);
            if (!byId.containsKey(id)) {
                throw new InputFormatException(ref, "line " + (i + 1), "pairID " + id + " is not in " + file);
            }
            if (!field(refRec.get(i), "gold_label", ref, i).equals(gold.get(id))) {
                throw new InputFormatException(ref, "line " + (i + 1), "gold label of " + id + " differs from " + file);
            }
            out.add(byId.get(id));
        }
        return out;
    }

    /** {@code file}'s sentences as gold/predicted tag pairs, checked to be the reference's sentences in order. */
    private static List<List<TagPair>> sentencesInOrderOf(Path ref, List<JsonNode> refRec, Path file, List<JsonNode> rec) {
        if (refRec.size() != rec.size()) {
            throw new UserInputException(ref + " has " + refRec.size() + " sentences but " + file + " has " + rec.size());
        }
        List<List<TagPair>> out = new ArrayList<>();
        for (int i = 0; i < rec.size(); i++) {
            if (!refRec.get(i).path("words").equals(rec.get(i).path("words"))) {
                throw new InputFormatException(file, "line " + (i + 1), "words differ from line " + (i + 1) + " of " + ref);
            }
            List<TagPair> pairs = tagPairs(rec.get(i), file, i);
            if (!golds(pairs).equals(golds(tagPairs(refRec.get(i), ref, i)))) {
                throw new InputFormatException(file, "line " + (i + 1), "gold tags differ from line " + (i + 1) + " of " + ref);
            }
            out.add(pairs);
        }
        return out;
    }

    private static List<String> golds(List<TagPair> sentence) {
        return sentence.stream().map(TagPair::gold).toList();
    }

    /**
     * The task from the run's metrics.json. Works for fold folders of a cross-validation run too (they have
     * metrics and predictions but no config or status); a CV run's summary folder has no predictions of its own.
     */
    private static String task(Path run) {
        Path file = run.resolve(RunMetrics.FILE);
        if (!Files.isRegularFile(file)) {
            throw new InputFormatException(file, null, "not found: is " + run + " a run folder?");
        }
        RunMetrics m = RunMetrics.read(file);
        if (m instanceof RunMetrics.CrossValidated) {
            throw new UserInputException(run + " is a cross-validation run; bootstrap compares single runs' "
                    + "predictions: pick one of its fold-N folders");
        }
        if (m.task() == null) {
            throw new InputFormatException(file, "task", "expected the task id as a string");
        }
        return m.task();
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
