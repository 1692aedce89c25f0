package org.clinicalbert.workbench.predict;

import org.clinicalbert.workbench.experiment.ExperimentRunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.data.synth.SyntheticCorpora;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictorTest {

    @TempDir
    static Path dir;
    static Path run;

    /** One short NER run on synthetic i2b2-2010 data with the bundled tiny model. */
    @BeforeAll
    static void trainTinyRun() throws Exception {
        SyntheticCorpora.write(dir.resolve("data"), 6, 7);
        String yaml = """
                name: predict-test
                task: i2b2-2010
                data: {format: original, corpus_dir: %s}
                model: {init: tiny-demo, max_seq_length: 24}
                train: {lr: 1.0e-3, batch_size: 16, grad_accum_steps: 1, epochs: 1, seed: 3}
                eval: {split: test}
                output: {dir: %s}
                """.formatted(dir.resolve("data/i2b2-2010"), dir.resolve("results"));
        ModelRegistry registry = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, Path.of("models"), Path.of(""));
        ExperimentConfig config = ConfigLoader.withRegistry(registry).parse(dir.resolve("x.yaml"), yaml, List.of());
        run = new ExperimentRunner(registry).run(config,
                new ExperimentRunner.Options(false, Path.of(""), null)).runDir();
    }

    @Test
    void predictReproducesTheRunsOwnTestPredictions() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(run.resolve("predictions-test.jsonl"))) {
            JsonNode n = json.readTree(line);
            expected.add(n);
            List<String> words = new ArrayList<>();
            n.get("words").forEach(w -> words.add(w.asText()));
            text.append(String.join(" ", words)).append('\n');
        }
        Path input = dir.resolve("sentences.txt");
        Files.writeString(input, text);
        List<Map<String, Object>> got = Predictor.open(run).predict(input);
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            List<String> predicted = new ArrayList<>();
            expected.get(i).get("predicted").forEach(t -> predicted.add(t.asText()));
            assertEquals(predicted, got.get(i).get("tags"), "sentence " + i);
        }
    }

    /**
     * {@code predict --out FILE.jsonl} streams the same records, in input order (the batches are length-sorted,
     * so order is restored, not kept), with the input's line numbers; malformed UTF-8 names its line and leaves
     * no output.
     */
    @Test
    void streamedJsonlEqualsInMemoryPredictionsInInputOrder() throws Exception {
        StringBuilder text = new StringBuilder();
        List<String> sentences = List.of("the patient denies chest pain", "", "cough",
                "she was admitted with fever and cough and given aspirin for the pain", "no pain");
        sentences.forEach(l -> text.append(l).append('\n'));
        Path input = dir.resolve("stream.txt");
        Files.writeString(input, text);
        List<Map<String, Object>> expected = Predictor.open(run).predict(input);
        assertEquals(4, expected.size());
        Path out = dir.resolve("stream-out/predictions.jsonl");
        var cmd = org.clinicalbert.workbench.cli.Workbench.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setErr(new java.io.PrintWriter(err));
        cmd.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(0, cmd.execute("predict", "--model", run.toString(), "--input", input.toString(), "--out",
                out.toString()), err.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size());
        ObjectMapper json = new ObjectMapper();
        List<Long> lineNumbers = List.of(1L, 3L, 4L, 5L);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = json.readTree(lines.get(i));
            assertEquals(lineNumbers.get(i), n.get("line").asLong());
            assertEquals(json.writeValueAsString(expected.get(i)), lines.get(i), "record " + i);
            assertEquals(sentences.get(lineNumbers.get(i).intValue() - 1).split(" ").length, n.get("tags").size());
        }

        Path bad = dir.resolve("bad.txt");
        byte[] latin1 = "no pain\ncaf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(bad, latin1);
        Path badOut = dir.resolve("bad-out.jsonl");
        java.io.StringWriter err2 = new java.io.StringWriter();
        cmd.setErr(new java.io.PrintWriter(err2));
        assertEquals(2, cmd.execute("predict", "--model", run.toString(), "--input", bad.toString(), "--out",
                badOut.toString()));
        assertTrue(err2.toString().contains("bad.txt (line 2, byte ") && err2.toString().contains("UTF-8 "), err2.toString());
        assertTrue(Files.notExists(badOut));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".bad-out")), "no temp file left");
        }
    }

    /**
     * Sentence pairs of very different lengths, classified in one length-sorted padded batch, get the
     * probabilities each pair gets alone, in input order. The classifier head is absent from the tiny checkpoint,
     * so it is initialised from a fixed seed (small weights: probabilities differ by ~1e-4 between pairs, so they
     * are compared within 1e-6).
     */
    @Test
    void pairsBatchedByLengthEqualEachPairAlone(@TempDir Path tmp) throws Exception {
        Path model = Files.createDirectory(tmp.resolve("model"));
        try (var files = Files.list(Path.of("config/models/tiny-demo"))) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        Files.writeString(model.resolve("labels.json"),
                "{\"kind\": \"SEQUENCE\", \"labels\": [\"contradiction\", \"entailment\", \"neutral\"]}");
        List<String> pairs = List.of(
                "{\"sentence1\": \"the patient was admitted with acute stroke and a history of atrial fibrillation\", "
                        + "\"sentence2\": \"the patient has a history\", \"pairID\": \"p1\"}",
                "pain\tno pain",
                "{\"sentence1\": \"septic shock\", \"sentence2\": \"shock\"}");
        Path input = tmp.resolve("pairs.txt");
        Files.write(input, pairs);
        Predictor predictor = Predictor.open(model);
        List<Map<String, Object>> together = predictor.predict(input);
        assertEquals(3, together.size());
        assertEquals("p1", together.get(0).get("pairID"));
        assertEquals("no pain", together.get(1).get("sentence2"));
        double spread = 0;
        for (int i = 1; i < 3; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Double> p0 = (Map<String, Double>) together.get(0).get("probabilities");
            @SuppressWarnings("unchecked")
            Map<String, Double> pi = (Map<String, Double>) together.get(i).get("probabilities");
            spread = Math.max(spread, Math.abs(p0.get("neutral") - pi.get("neutral")));
        }
        assertTrue(spread > 2e-5, "the pairs get different probabilities, so an order mix-up would show: " + spread);
        // the logits are reported too, and the probabilities are their softmax (computed here by hand)
        for (Map<String, Object> rec : together) {
            @SuppressWarnings("unchecked")
            Map<String, Double> logits = (Map<String, Double>) rec.get("logits");
            @SuppressWarnings("unchecked")
            Map<String, Double> probs = (Map<String, Double>) rec.get("probabilities");
            assertEquals(probs.keySet(), logits.keySet());
            double max = logits.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double z = logits.values().stream().mapToDouble(v -> Math.exp(v - max)).sum();
            for (String label : logits.keySet()) {
                assertEquals(Math.exp(logits.get(label) - max) / z, probs.get(label), 1e-6, label);
            }
        }
        for (int i = 0; i < pairs.size(); i++) {
            Path one = tmp.resolve("one-" + i + ".txt");
            Files.writeString(one, pairs.get(i) + "\n");
            Map<String, Object> alone = predictor.predict(one).get(0);
            assertEquals(alone.get("sentence1"), together.get(i).get("sentence1"));
            @SuppressWarnings("unchecked")
            Map<String, Double> a = (Map<String, Double>) alone.get("probabilities");
            @SuppressWarnings("unchecked")
            Map<String, Double> t = (Map<String, Double>) together.get(i).get("probabilities");
            for (String label : a.keySet()) {
                assertEquals(a.get(label), t.get(label), 1e-6, "pair " + i + " " + label);
            }
        }
    }

    @Test
    void entitiesAreReadOffBioTagsAsConllevalDoes() {
        List<String> words = List.of("a", "b", "c", "d", "e", "f");
        var e = Predictor.entities(words, List.of("I-test", "I-test", "O", "B-problem", "I-treatment", "B-problem"));
        assertEquals(List.of(
                Map.of("type", "test", "start_word", 0, "end_word", 1, "text", "a b"),
                Map.of("type", "problem", "start_word", 3, "end_word", 3, "text", "d"),
                Map.of("type", "treatment", "start_word", 4, "end_word", 4, "text", "e"),
                Map.of("type", "problem", "start_word", 5, "end_word", 5, "text", "f")), e);
    }

    @Test
    void aFolderThatIsNotARunIsAClearError() {
        var e = assertThrows(InputFormatException.class, () -> Predictor.open(Path.of("config/models/tiny-demo")));
        assertTrue(e.getMessage().contains("labels.json"), e.getMessage());
    }
}
