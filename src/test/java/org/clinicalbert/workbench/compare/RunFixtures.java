package org.clinicalbert.workbench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made run folders in the shape {@code workbench run} writes (config.yaml, status.json, metrics.json). */
final class RunFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFixtures() {
    }

    static Path config(Path dir, String task, String init, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), "name: fixture\ntask: " + task + "\nmodel:\n  "
                + (init.startsWith("/") ? "path: " : "init: ") + init + "\n  max_seq_length: 128\ntrain:\n  lr: 2.0e-5\n  seed: "
                + seed + "\neval:\n  split: test\n");
        return dir;
    }

    static void status(Path dir, String state) throws IOException {
        Files.writeString(dir.resolve("status.json"), "{\"state\":\"" + state + "\",\"message\":\"\"}");
    }

    /** A single run scoring {@code test} metrics (and the same on dev), NER per-type F1 if given. */
    static Path single(Path dir, String task, String init, String state, Map<String, Double> test,
                       Map<String, Double> typeF1) throws IOException {
        config(dir, task, init, 42);
        status(dir, state);
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("metrics", test);
        Map<String, Object> details = new LinkedHashMap<>();
        if (typeF1 != null) {
            Map<String, Object> byType = new LinkedHashMap<>();
            typeF1.forEach((t, f) -> byType.put(t, Map.of("precision", f, "recall", f, "f1", f, "gold", 10,
                    "predicted", 10, "correct", 0)));
            details.put("entity_by_type", byType);
        }
        split.put("details", details);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("score_name", task.equals("mednli") ? "accuracy" : "f1");
        m.put("dev", split);
        m.put("test", split);
        Files.write(dir.resolve("metrics.json"), JSON.writeValueAsBytes(m));
        return dir;
    }

    static Path single(Path dir, String task, String init, String state, String metric, double value) throws IOException {
        return single(dir, task, init, state, Map.of(metric, value), null);
    }

    /** A finished k-fold run whose summary holds the given per-fold test values of one metric. */
    static Path cv(Path dir, String task, String init, String metric, double mean, double std, List<Double> values,
                   List<Map<String, Double>> foldTypeF1) throws IOException {
        config(dir, task, init, 42);
        status(dir, "finished");
        Map<String, Object> summary = Map.of(metric, Map.of("mean", mean, "std", std, "min", 0.0, "max", 1.0,
                "values", values));
        List<Object> folds = new ArrayList<>();
        for (Map<String, Double> types : foldTypeF1) {
            Map<String, Object> byType = new LinkedHashMap<>();
            types.forEach((t, f) -> byType.put(t, Map.of("f1", f)));
            folds.add(Map.of("task", task, "test", Map.of("metrics", Map.of(metric, 0.5),
                    "details", Map.of("entity_by_type", byType))));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("cv_folds", values.size());
        m.put("dev", summary);
        m.put("test", summary);
        m.put("folds", folds);
        Files.write(dir.resolve("metrics.json"), JSON.writeValueAsBytes(m));
        return dir;
    }
}
