package org.clinicalbert.workbench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.cli.Workbench;
import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --spark} (the folds of a cross-validated experiment as tasks), {@code mimic format --spark} and
 * {@code pretrain-data --spark} through the command line give what the local paths give.
 */
class SparkRunAndDataCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static int workbench(StringWriter out, String... args) {
        CommandLine cl = Workbench.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    private static Path onlyRun(Path experimentDir) throws IOException {
        try (Stream<Path> s = Files.list(experimentDir)) {
            List<Path> runs = s.filter(Files::isDirectory).toList();
            assertEquals(1, runs.size(), runs::toString);
            return runs.get(0);
        }
    }

    @Test
    void crossValidationFoldsAsSparkTasksGiveTheSequentialRunsMetrics() throws Exception {
        List<String> sets = List.of("--set", "eval.cv_folds=2", "--set", "train.epochs=1", "--set",
                "model.max_seq_length=24", "--no-progress");
        StringWriter log = new StringWriter();
        Path local = dir.resolve("local");
        Path spark = dir.resolve("spark");
        List<String> a = new java.util.ArrayList<>(List.of("run", "experiments/demo-ner.yaml", "--set",
                "output.dir=" + local));
        a.addAll(sets);
        assertEquals(0, workbench(log, a.toArray(String[]::new)), log::toString);
        List<String> b = new java.util.ArrayList<>(List.of("run", "experiments/demo-ner.yaml", "--set",
                "output.dir=" + spark, "--spark", "local[2]"));
        b.addAll(sets);
        StringWriter sparkLog = new StringWriter();
        assertEquals(0, workbench(sparkLog, b.toArray(String[]::new)), sparkLog::toString);
        assertTrue(sparkLog.toString().contains("demo-ner fold 2/2 finished"), sparkLog.toString());

        Path lr = onlyRun(local);
        Path sr = onlyRun(spark);
        JsonNode lm = JSON.readTree(lr.resolve("metrics.json").toFile());
        JsonNode sm = JSON.readTree(sr.resolve("metrics.json").toFile());
        assertEquals(2, sm.get("cv_folds").asInt());
        assertEquals(lm.get("dev"), sm.get("dev"));
        assertEquals(lm.get("test"), sm.get("test"));
        assertEquals(lm.get("folds"), sm.get("folds"));
        assertEquals("finished", JSON.readTree(sr.resolve("status.json").toFile()).get("state").asText());
        for (String f : List.of("fold-1/metrics.json", "fold-2/metrics.json", "fold-1/predictions-test.jsonl",
                "report.md", "config.yaml")) {
            assertTrue(Files.exists(sr.resolve(f)), f);
        }
        assertEquals(Files.readString(lr.resolve("fold-2/predictions-test.jsonl")),
                Files.readString(sr.resolve("fold-2/predictions-test.jsonl")));

        // the same run into a Hadoop file system URI (file: here): the folds' tasks and the summary on the store
        Path store = dir.resolve("store");
        String uri = "file:" + store;
        List<String> c = new java.util.ArrayList<>(List.of("run", "experiments/demo-ner.yaml", "--set",
                "output.dir=" + uri, "--spark", "local[2]"));
        c.addAll(sets);
        StringWriter storeLog = new StringWriter();
        assertEquals(0, workbench(storeLog, c.toArray(String[]::new)), storeLog::toString);
        Path tr = onlyRun(store);
        assertTrue(storeLog.toString().contains("run folder: " + uri + "/"
                + tr.getFileName()), storeLog.toString());
        JsonNode tm = JSON.readTree(tr.resolve("metrics.json").toFile());
        assertEquals(lm.get("dev"), tm.get("dev"));
        assertEquals(lm.get("test"), tm.get("test"));
        assertEquals(lm.get("folds"), tm.get("folds"));
        assertEquals("finished", JSON.readTree(tr.resolve("status.json").toFile()).get("state").asText());
        assertEquals(Files.readString(lr.resolve("fold-2/predictions-test.jsonl")),
                Files.readString(tr.resolve("fold-2/predictions-test.jsonl")));
        assertTrue(Files.exists(tr.resolve("fold-1/model/bert_config.json")));
        assertTrue(Files.readString(tr.resolve("config.yaml")).contains(uri),
                "the store's config names the store");

        // the same experiment as a one-candidate sweep whose folds are tasks of their own (--split-folds)
        Path sweep = dir.resolve("folds.yaml");
        Files.writeString(sweep, """
                experiment: experiments/demo-ner.yaml
                set:
                  eval.cv_folds: 2
                  train.epochs: 1
                  model.max_seq_length: 24
                parameters:
                  train.lr: [1.0e-3]
                score: dev.f1
                """);
        StringWriter sweepLog = new StringWriter();
        assertEquals(0, workbench(sweepLog, "sweep", sweep.toString(), "--out", dir.resolve("sweep").toString(),
                "--spark", "local[2]", "--split-folds"), sweepLog::toString);
        Path candidateRun = onlyRun(dir.resolve("sweep/candidate-1"));
        JsonNode cm = JSON.readTree(candidateRun.resolve("metrics.json").toFile());
        assertEquals(lm.get("dev"), cm.get("dev"));
        assertEquals(lm.get("folds"), cm.get("folds"));
        assertEquals(lm.get("dev").get("f1").get("mean").asDouble(),
                JSON.readTree(dir.resolve("sweep/sweep.json").toFile()).get("best").get("score").asDouble(), 0.0);
    }

    @Test
    void mimicFormatAndPretrainingDataOnSparkWriteTheLocalFiles() throws Exception {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        MimicSynth.write(csv, 60, 3);
        StringWriter log = new StringWriter();
        assertEquals(0, workbench(log, "mimic", "format", "--input", csv.toString(), "--out",
                dir.resolve("notes-local").toString(), "--shard-size", "7"), log::toString);
        assertEquals(0, workbench(log, "mimic", "format", "--input", csv.toString(), "--out",
                dir.resolve("notes-spark").toString(), "--shard-size", "7", "--spark", "local[2]"), log::toString);
        Map<String, String> notes = tree(dir.resolve("notes-local"));
        notes.keySet().removeIf(k -> k.endsWith("summary.json")); // timings
        Map<String, String> notesSpark = tree(dir.resolve("notes-spark"));
        notesSpark.keySet().removeIf(k -> k.endsWith("summary.json"));
        assertTrue(notes.size() > 3, notes::toString);
        assertEquals(notes, notesSpark);

        Path input;
        try (Stream<Path> s = Files.list(dir.resolve("notes-local"))) {
            input = s.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
        }
        String vocab = "config/models/tiny-demo/vocab.txt";
        assertEquals(0, workbench(log, "pretrain-data", "--input", input.toString(), "--vocab", vocab, "--out",
                dir.resolve("inst-local").toString(), "--dupe-factor", "2", "--max-seq-length", "32", "--tfrecord"),
                log::toString);
        StringWriter sparkLog = new StringWriter();
        assertEquals(0, workbench(sparkLog, "pretrain-data", "--input", input.toString(), "--vocab", vocab, "--out",
                dir.resolve("inst-spark").toString(), "--dupe-factor", "2", "--max-seq-length", "32", "--tfrecord",
                "--spark", "local[2]"), sparkLog::toString);
        Map<String, String> inst = tree(dir.resolve("inst-local"));
        assertTrue(inst.keySet().stream().filter(k -> k.endsWith(".cbpt")).count() >= 2, inst.keySet()::toString);
        assertEquals(inst, tree(dir.resolve("inst-spark")));
        assertTrue(sparkLog.toString().contains("shard(s) written, 0 skipped"), sparkLog.toString());
    }

    /** Relative path to content (Base64: shards are binary). */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return out;
    }
}
