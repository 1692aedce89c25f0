package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md as an executable contract: every command line it shows ({@link ReadmeCommandLines}, read from the README)
 * is either run here on the bundled data and tiny models, in a sandbox ({@link ReadmeSandbox}: what a command writes
 * goes to a temporary folder), or listed in {@link #SKIPPED} with the reason it cannot run here; a README that gains
 * a command line this class neither runs nor lists fails {@link #everyCommandLineTheReadmeShowsIsRunOrListed}. The
 * chains users run (run, then compare; sweep, then compare; study, then compare and status; export, then predict;
 * embed, then neighbors; synth to encode; a killed run, status, resume) are checked by their results, each against
 * something computed apart from the command (the run's own predictions, the runs' metrics files, an uninterrupted
 * run). The expensive pieces (one demo run, one sweep, one study) run once for the class.
 */
class ReadmeWorkflowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // the README's command lines this class runs, as the README spells them
    static final String RUN_DEMO = "./workbench run experiments/demo.yaml";
    static final String COMPARE = "./workbench compare";
    static final String SWEEP = "./workbench sweep experiments/sweeps/demo-grid.yaml";
    static final String COMPARE_SWEEPS = "./workbench compare --include-sweeps";
    static final String SPARK_SWEEP = "./workbench sweep experiments/sweeps/demo-grid.yaml --spark 'local[2]' --out "
            + "results/sweeps/demo-grid-spark";
    static final String STUDY = "./workbench study experiments/study/demo.yaml";
    static final String COMPARE_STUDIES = "./workbench compare results/studies";
    static final String STATUS = "./workbench status";
    static final String REPORT = "./workbench report";
    static final String EXPORT = "./workbench export --run results/demo/<run-id> --format hf --out exports/demo-hf";
    static final String PREDICT_EXPORT = "./workbench predict --model exports/demo-hf --input "
            + "experiments/demo-data/mednli/mli_test_v1.jsonl --out predictions/export.jsonl";
    static final String PREDICT_RUN = "./workbench predict --model results/demo/<run-id> --input "
            + "experiments/demo-data/mednli/mli_test_v1.jsonl --out predictions/run.jsonl";
    static final String EMBED = "./workbench embed --model config/models/tiny-demo --input "
            + "experiments/demo-data/mednli/mli_dev_v1.jsonl --field sentence1 --out embeddings/mednli-dev";
    static final String NEIGHBORS = "./workbench neighbors --index embeddings/mednli-dev --query \"76 year old man with "
            + "a history of a urinary tract infection presented to the emergency department .\" --k 3";
    static final String SYNTH = "./workbench synth --out synth --size 5 --mimic-notes 40";
    static final String MIMIC = "./workbench mimic format --input synth/mimic/NOTEEVENTS.csv --out notes";
    static final String PRETRAIN_DATA = "./workbench pretrain-data --input notes/discharge_summary --vocab "
            + "config/models/tiny-demo/vocab.txt --out instances";
    static final String PRETRAIN = "./workbench pretrain --model config/models/tiny-demo --data instances --out "
            + "models/my-tiny-bert --steps 4 --batch 8 --warmup-steps 1";
    static final String ENCODE = "./workbench encode --model models/my-tiny-bert --text \"the patient was admitted "
            + "with chest pain\" --out encoded.json";
    static final String CHECK_CONFIG = "./workbench check-config experiments/demo.yaml experiments/demo-ner.yaml --data";
    static final String INSPECT = "./workbench checkpoint inspect config/models/tiny-demo";
    static final String NEW_MODEL = "./workbench new-model --corpus experiments/demo-data/mednli --out models/new-tiny "
            + "--layers 1 --hidden 32 --heads 2 --intermediate 64";
    static final String RESUME = "./workbench run experiments/demo.yaml --resume";
    static final String HELP = "./workbench --help";
    static final String COMMAND_HELP = "./workbench COMMAND --help";

    static final Set<String> RUN = Set.of(RUN_DEMO, COMPARE, SWEEP, COMPARE_SWEEPS, SPARK_SWEEP, STUDY, COMPARE_STUDIES,
            STATUS, REPORT, EXPORT, PREDICT_EXPORT, PREDICT_RUN, EMBED, NEIGHBORS, SYNTH, MIMIC, PRETRAIN_DATA, PRETRAIN, ENCODE,
            CHECK_CONFIG, INSPECT, NEW_MODEL, RESUME, HELP, COMMAND_HELP);

    /** README command lines that cannot run here, each with the reason. */
    static final Map<String, String> SKIPPED = new LinkedHashMap<>();
    /** Skipped by their start: the cluster example's lines. */
    static final Map<String, String> SKIPPED_PREFIXES = new LinkedHashMap<>();

    static {
        String build = "builds the project: the tests run after it";
        SKIPPED.put("mvn -q -DskipTests package", build);
        SKIPPED.put("mvn -B test", "runs the tests, this class among them");
        SKIPPED.put("mvn package", build);
        SKIPPED.put("mvn -Pcluster -DskipTests package", "builds the cluster jar (tools/spark/local-cluster-check.sh "
                + "uses it)");
        SKIPPED.put("mvn -Pcuda -DskipTests package", "needs CUDA 11.6 and cuDNN (no GPU here)");
        SKIPPED.put("./workbench run experiments/mednli-bio-clinical-bert.yaml --set train.lr=3e-5",
                "needs the downloaded Bio+Clinical BERT checkpoint and MedNLI (credentialed)");
        SKIPPED.put("./workbench study experiments/study/clinicalbert-2019.yaml", "needs the six downloaded checkpoints "
                + "and the credentialed corpora (its --dry-run: StudyCommandTest)");
        SKIPPED.put("./workbench mimic format --input NOTEEVENTS.csv.gz --out notes/", "needs MIMIC-III's "
                + "NOTEEVENTS.csv.gz (credentialed); the workflow formats synth's NOTEEVENTS.csv");
        SKIPPED.put("./workbench pretrain-data --input notes/discharge_summary --vocab models/<folder>/vocab.txt --out "
                + "instances/", "needs a downloaded model's vocabulary; the workflow uses the tiny model's");
        SKIPPED.put("./workbench pretrain --model models/<folder> --data instances/ --out models/my-clinical-bert "
                + "--steps 150000 --save-every 10000", "150,000 BERT-base steps; the workflow pretrains the tiny model");
        SKIPPED.put("OMP_NUM_THREADS=$(nproc) ./workbench run ...", "a BERT-base run (the \"...\" stands for one)");
        SKIPPED.put("./workbench ...", "any command on a CUDA build (no GPU here)");
        SKIPPED.put("./workbench bench embed --model DIR --input FILE [--torch]", "a benchmark synopsis "
                + "(BenchCommandTest)");
        SKIPPED.put("tools/spark/local-cluster-check.sh [OUT | file:/URI]", "needs the cluster jar and spark-submit "
                + "(a Spark installation)");
        SKIPPED.put("./workbench run experiments/i2b2-2010-bio-clinical-bert.yaml --spark 'local[2]'", "needs the "
                + "downloaded Bio+Clinical BERT checkpoint and i2b2 2010 (SparkRunAndDataCommandsTest runs run --spark "
                + "local[2] on the tiny model)");
        SKIPPED.put("./workbench mimic format --input NOTEEVENTS.csv.gz --out notes/ --spark 'local[2]'", "needs "
                + "MIMIC-III (SparkRunAndDataCommandsTest formats synthetic notes on local[2])");
        SKIPPED.put("./workbench pretrain-data --input notes/discharge_summary --vocab models/<folder>/vocab.txt --out "
                + "instances/ --spark 'local[2]'", "needs a downloaded model's vocabulary (SparkRunAndDataCommandsTest)");
        SKIPPED.put("./workbench embed --model models/<folder> --input notes/ --out vectors/ --spark 'local[2]' --parts 8",
                "needs a downloaded model (SparkEmbedCommandTest runs embed --spark local[2] on the tiny model)");
        SKIPPED.put("./workbench", "the launcher named in prose, not a command line");
        SKIPPED.put("./workbench report [results/]", "a synopsis of the workflow line './workbench report' "
                + "(studyThenCompareResultsStudiesThenStatus); ReportBrowserTest renders its pages in Chromium");
        SKIPPED.put("tools/report/bench-report.sh", "times the report on 1,000 copied run folders (a benchmark, "
                + "results in README.md)");
        SKIPPED.put("./workbench bench forward|train --size base|tiny [--batch 8] [--accum N] [--torch [--python "
                + "VENV/bin/python]] [--profile]", "a benchmark synopsis (BenchCommandTest runs bench at tiny size)");
        String cluster = "the Spark cluster example (standalone, YARN, Kubernetes): no cluster here";
        SKIPPED_PREFIXES.put("spark-submit ", cluster);
        SKIPPED_PREFIXES.put("OPENS=", cluster);
        SKIPPED_PREFIXES.put("JAR=", cluster);
        SKIPPED_PREFIXES.put("SHARED=", cluster);
    }

    /** Usage-table commands no workflow line runs, with the test that runs them. */
    static final Map<String, String> USAGE_ELSEWHERE = Map.of(
            "data stats", "needs a corpus argument form the workflows do not show (DataStatsCommandTest)",
            "conlleval", "needs a CoNLL file of the user's (ConllEvalCommandTest: conlleval.pl's own outputs)");

    @TempDir
    static Path shared;

    private static ReadmeSandbox demoSandbox;
    private static Path demoRun;
    private static Path sweepDir;
    private static ReadmeSandbox studySandbox;

    private static CliRun ok(ReadmeSandbox sandbox, String line) {
        assertTrue(RUN.contains(line), "not listed in RUN: " + line);
        CliRun r = sandbox.run(line);
        assertEquals(0, r.code(), line + "\n" + r.err());
        return r;
    }

    /** The bundled demo, run once: {@code ./workbench run experiments/demo.yaml}. */
    static synchronized Path demoRun() throws IOException {
        if (demoRun == null) {
            demoSandbox = new ReadmeSandbox(shared.resolve("demo"));
            ok(demoSandbox, RUN_DEMO);
            demoRun = demoSandbox.results().resolve("demo").resolve(ReadmeSandbox.newest(demoSandbox.results()
                    .resolve("demo")));
        }
        return demoRun;
    }

    /** The demo grid, swept once beside the demo run. */
    static synchronized Path sweep() throws IOException {
        if (sweepDir == null) {
            demoRun();
            ok(demoSandbox, SWEEP);
            sweepDir = demoSandbox.results().resolve("sweeps/demo-grid");
        }
        return sweepDir;
    }

    static synchronized ReadmeSandbox study() {
        if (studySandbox == null) {
            ReadmeSandbox s = new ReadmeSandbox(shared.resolve("study"));
            ok(s, STUDY);
            studySandbox = s;
        }
        return studySandbox;
    }

    private static JsonNode json(Path f) throws IOException {
        return JSON.readTree(f.toFile());
    }

    private static double testAccuracy(Path run) throws IOException {
        return json(run.resolve("metrics.json")).path("test").path("metrics").path("accuracy").asDouble(Double.NaN);
    }

    private static List<JsonNode> jsonl(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** Run folders (holding status.json and config.yaml) below {@code dir}. */
    private static List<Path> runsBelow(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("config.yaml")) && Files.isRegularFile(p.resolve("status.json")))
                    .sorted().toList();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void everyCommandLineTheReadmeShowsIsRunOrListed() throws IOException {
        ReadmeCommandLines readme = ReadmeCommandLines.read();
        List<String> neither = new ArrayList<>();
        for (String line : readme.commandLines()) {
            boolean skipped = SKIPPED.containsKey(line) || SKIPPED_PREFIXES.keySet().stream().anyMatch(line::startsWith);
            if (!RUN.contains(line) && !skipped) {
                neither.add(line);
            }
        }
        assertEquals(List.of(), neither, "README command lines this test neither runs nor lists as skipped");
        Set<String> gone = new TreeSet<>(RUN);
        gone.addAll(SKIPPED.keySet());
        gone.removeAll(readme.commandLines());
        assertEquals(Set.of(), gone, "listed here but no longer in the README");
        // every command of the Usage table is run by a workflow line, or named with the test that runs it
        Set<String> ran = new HashSet<>();
        for (String line : RUN) {
            List<String> w = ReadmeSandbox.split(line);
            if (w.size() > 1 && !w.get(1).startsWith("-")) {
                ran.add(ReadmeCommandLines.commandOf(String.join(" ", w.subList(1, w.size()))));
            }
        }
        List<String> unrun = readme.usageSynopses().stream().map(ReadmeCommandLines::commandOf)
                .filter(c -> !ran.contains(c) && !USAGE_ELSEWHERE.containsKey(c)).toList();
        assertEquals(List.of(), unrun, "Usage-table commands no README workflow runs");
        assertTrue(readme.usageSynopses().size() >= 19, readme.usageSynopses().toString());
    }

    @Test
    void theExtractorReadsFencedChainsCommentsAndWrappedInlineSpans() throws IOException {
        ReadmeCommandLines readme = ReadmeCommandLines.read();
        // a chain in a fenced block is its commands; the comment after it is dropped
        assertTrue(readme.commandLines().containsAll(List.of("mvn -q -DskipTests package", RUN_DEMO, STUDY,
                COMPARE_STUDIES, STATUS)), readme.commandLines().toString());
        // an inline span broken across two lines of a paragraph is one command line
        assertTrue(readme.commandLines().stream().anyMatch(l -> l.startsWith("./workbench pretrain --model models/")
                && l.endsWith("--save-every 10000")), readme.commandLines().toString());
        assertEquals(List.of("./workbench", "neighbors", "--query", "a b #c"),
                ReadmeSandbox.split("./workbench neighbors --query \"a b #c\""));
        assertEquals("x --query 'a # b' ", ReadmeCommandLines.stripComment("x --query 'a # b' # comment"));
    }

    @Test
    void helpListsEveryCommandOfTheUsageTable() throws IOException {
        ReadmeSandbox s = new ReadmeSandbox(shared.resolve("help"));
        CliRun r = ok(s, HELP);
        for (String synopsis : ReadmeCommandLines.read().usageSynopses()) {
            String command = ReadmeCommandLines.commandOf(synopsis);
            assertTrue(r.out().contains("  " + command.split(" ")[0] + " "), command + " missing from\n" + r.out());
            CliRun help = s.run(COMMAND_HELP.replace("COMMAND", command));
            assertEquals(0, help.code(), command + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: workbench " + command), help.out());
        }
    }

    @Test
    void runThenCompare() throws IOException {
        Path run = demoRun();
        // the files the README lists for a run folder
        for (String f : List.of("config.yaml", "environment.json", "metrics.json", "epochs.csv", "steps.csv",
                "predictions-dev.jsonl", "predictions-test.jsonl", "learning-curve.png", "report.md",
                "model/bert_config.json", "model/vocab.txt", "model/labels.json", "model/provenance.json")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), "missing " + f);
        }
        // test accuracy as the run's own test predictions give it
        List<JsonNode> predictions = jsonl(run.resolve("predictions-test.jsonl"));
        long correct = predictions.stream().filter(p -> p.path("gold_label").asText().equals(p.path("predicted_label")
                .asText())).count();
        assertEquals(60, predictions.size());
        assertEquals((double) correct / predictions.size(), testAccuracy(run), 1e-12);
        assertTrue(testAccuracy(run) >= 0.9, "the README's demo scores about 0.98, got " + testAccuracy(run));

        CliRun r = ok(demoSandbox, COMPARE);
        JsonNode table = json(demoSandbox.results().resolve("compare/compare.json"));
        JsonNode cell = table.path("rows").path(0).path("cells").path("mednli");
        assertEquals(testAccuracy(run), cell.path("mean").asDouble(), 1e-12);
        assertEquals(run.toString(), cell.path("runs").path(0).asText());
        assertTrue(r.out().startsWith("1 finished run(s)"), r.out());
    }

    @Test
    void sweepThenCompareWithAndWithoutTheCandidates() throws IOException {
        Path run = demoRun();
        Path sweep = sweep();
        List<Path> candidates = runsBelow(sweep);
        assertEquals(4, candidates.size(), candidates.toString());
        assertEquals("finished", json(sweep.resolve("status.json")).path("state").asText());

        // the sweep's own finished status.json is not a run: compare shows the experiment's run only
        CliRun r = ok(demoSandbox, COMPARE);
        JsonNode rows = json(demoSandbox.results().resolve("compare/compare.json")).path("rows");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(run.toString(), rows.path(0).path("cells").path("mednli").path("runs").path(0).asText());
        assertTrue(r.out().contains("left out 4 sweep candidate run(s); --include-sweeps compares them too"), r.out());

        ok(demoSandbox, COMPARE_SWEEPS);
        rows = json(demoSandbox.results().resolve("compare/compare.json")).path("rows");
        assertEquals(5, rows.size(), "the run and each candidate its own row: " + rows);
        Map<String, Double> shown = new LinkedHashMap<>();
        rows.forEach(row -> {
            JsonNode c = row.path("cells").path("mednli");
            assertEquals(1, c.path("runs").size());
            shown.put(c.path("runs").path(0).asText(), c.path("mean").asDouble());
        });
        Map<String, Double> expected = new LinkedHashMap<>();
        for (Path p : candidates) {
            expected.put(p.toString(), testAccuracy(p));
        }
        expected.put(run.toString(), testAccuracy(run));
        assertEquals(expected.keySet(), shown.keySet());
        expected.forEach((k, v) -> assertEquals(v, shown.get(k), 1e-12, k));
    }

    @Test
    void sparkSweepScoresAsTheLocalOne() throws IOException {
        Path local = sweep();
        ok(demoSandbox, SPARK_SWEEP);
        Path spark = demoSandbox.results().resolve("sweeps/demo-grid-spark");
        for (int c = 1; c <= 4; c++) {
            List<Path> a = runsBelow(local.resolve("candidate-" + c));
            List<Path> b = runsBelow(spark.resolve("candidate-" + c));
            assertEquals(1, a.size());
            assertEquals(1, b.size());
            assertEquals(json(a.get(0).resolve("metrics.json")).path("dev"), json(b.get(0).resolve("metrics.json"))
                    .path("dev"), "candidate " + c);
        }
    }

    @Test
    void studyThenCompareResultsStudiesThenStatus() throws IOException {
        ReadmeSandbox s = study();
        Path study = s.results().resolve("studies/demo");
        assertEquals("finished", json(study.resolve("status.json")).path("state").asText());
        List<Path> finals = runsBelow(study.resolve("final"));
        assertEquals(8, finals.size(), "2 tasks x 2 initialisations x 2 seeds: " + finals);

        CliRun r = ok(s, COMPARE_STUDIES);
        assertTrue(r.out().contains("left out 8 study grid run(s)"), r.out());
        JsonNode table = json(s.results().resolve("compare/compare.json"));
        assertEquals(2, table.path("rows").size(), table.toString());
        assertEquals(List.of("mednli", "i2b2-2010"), table.path("tasks").findValuesAsText("task"));
        for (JsonNode row : table.path("rows")) {
            for (String task : List.of("mednli", "i2b2-2010")) {
                JsonNode cell = row.path("cells").path(task);
                Path runDir = Path.of(cell.path("runs").path(0).asText());
                assertTrue(finals.contains(runDir), "a final run, never a grid run: " + runDir);
                String metric = task.equals("mednli") ? "accuracy" : "f1";
                assertEquals(json(runDir.resolve("metrics.json")).path("test").path("metrics").path(metric).asDouble(),
                        cell.path("mean").asDouble(), 1e-12, runDir.toString());
            }
        }

        String status = ok(s, STATUS).out();
        List<String> lines = status.lines().toList();
        assertTrue(lines.get(0).startsWith("FOLDER"), status);
        Set<String> studyRow = Set.of(lines.stream().filter(l -> l.startsWith("studies/demo ")).findFirst()
                .orElseThrow(() -> new AssertionError(status)).split("\\s+"));
        assertTrue(studyRow.containsAll(Set.of("study", "finished")), studyRow.toString());
        // 4 grids (sweeps), their 8 candidates and the 8 final runs, all finished
        assertEquals(1 + 4 + 8 + 8, lines.size() - 1, status);
        assertEquals(lines.size() - 1, lines.stream().filter(l -> l.contains(" finished ")).count(), status);

        ok(s, REPORT);
        String index = Files.readString(s.results().resolve("report/index.html"));
        assertTrue(index.contains("studies/demo"), "the study is on the report's index");
    }

    @Test
    void exportThenPredictGivesTheRunsLabels() throws IOException {
        Path run = demoRun();
        ok(demoSandbox, EXPORT);
        Path export = demoSandbox.root.resolve("exports/demo-hf");
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "README.md")) {
            assertTrue(Files.isRegularFile(export.resolve(f)), "missing " + f);
        }
        ok(demoSandbox, PREDICT_EXPORT);
        ok(demoSandbox, PREDICT_RUN);
        List<String> fromExport = jsonl(demoSandbox.root.resolve("predictions/export.jsonl")).stream()
                .map(p -> p.path("predicted_label").asText()).toList();
        List<String> fromRun = jsonl(demoSandbox.root.resolve("predictions/run.jsonl")).stream()
                .map(p -> p.path("predicted_label").asText()).toList();
        List<String> runsOwn = jsonl(run.resolve("predictions-test.jsonl")).stream()
                .map(p -> p.path("predicted_label").asText()).toList();
        assertEquals(60, fromExport.size());
        assertEquals(runsOwn, fromRun, "predict on the run: the labels the run's own test evaluation gave");
        assertEquals(runsOwn, fromExport, "predict on the export: the same labels");
    }

    @Test
    void embedThenNeighbors() throws IOException {
        ReadmeSandbox s = new ReadmeSandbox(shared.resolve("embed"));
        ok(s, EMBED);
        Path index = s.root.resolve("embeddings/mednli-dev");
        assertEquals(60, Files.readAllLines(index.resolve("ids.jsonl")).size());
        CliRun r = ok(s, NEIGHBORS);
        // the query is a sentence of the embedded file: its own row is the nearest, at cosine 1
        String first = r.out().lines().filter(l -> l.strip().startsWith("1 ")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(first.contains("1.00000") && first.contains("76 year old man with a history of a urinary"), first);
        assertEquals(3, r.out().lines().filter(l -> l.matches("\\s+[123]\\s+\\d+\\s.*")).count(), r.out());
    }

    @Test
    void synthToPretrainedModelToEncode() throws Exception {
        ReadmeSandbox s = new ReadmeSandbox(shared.resolve("pretrain"));
        ok(s, SYNTH);
        assertTrue(Files.isRegularFile(s.root.resolve("synth/mimic/NOTEEVENTS.csv")));
        ok(s, MIMIC);
        Path shard = s.root.resolve("notes/discharge_summary/shard-00000.txt");
        assertTrue(Files.size(shard) > 0);
        CliRun data = ok(s, PRETRAIN_DATA);
        JsonNode manifest = json(s.root.resolve("instances/shard-00000.txt.cbpt.json"));
        assertTrue(manifest.path("instances").asLong() > 0, manifest.toString());
        assertTrue(data.out().contains(manifest.path("instances").asText() + " instances"), data.out());
        // the manifest's hash is of the vocabulary's entries joined by newlines
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(String.join("\n", Files.readAllLines(Path.of("config/models/tiny-demo/vocab.txt")))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                manifest.path("vocab_sha256").asText(), "made with the vocabulary named");
        ok(s, PRETRAIN);
        Path model = s.root.resolve("models/my-tiny-bert");
        assertTrue(Files.isRegularFile(model.resolve("model.ckpt-4.index")), "the checkpoint of step 4");
        ok(s, ENCODE);
        JsonNode encoded = json(s.root.resolve("encoded.json"));
        assertEquals(model.toAbsolutePath().toString(), encoded.path("model_dir").asText());
        assertEquals(List.of("[CLS]", "the", "patient", "was", "admitted", "with", "chest", "pain", "[SEP]"),
                JSON.convertValue(encoded.path("tokens"), List.class));
        // the pretrained weights, not the starting model's: encoding with the start gives other vectors
        CliRun start = CliRun.of("encode", "--model", "config/models/tiny-demo", "--text",
                "the patient was admitted with chest pain", "--out", s.root.resolve("start.json").toString());
        assertEquals(0, start.code(), start.err());
        JsonNode before = json(s.root.resolve("start.json"));
        assertEquals(encoded.path("tokens"), before.path("tokens"));
        assertEquals(64, encoded.path("pooled_output").size());
        assertNotEquals(before.path("pooled_output"), encoded.path("pooled_output"));
    }

    @Test
    void checksAndModelTools() throws IOException {
        ReadmeSandbox s = new ReadmeSandbox(shared.resolve("tools"));
        CliRun r = ok(s, CHECK_CONFIG);
        assertTrue(r.out().contains("experiments/demo.yaml") && r.out().contains("experiments/demo-ner.yaml"), r.out());
        r = ok(s, INSPECT);
        assertTrue(r.out().contains("bert/embeddings/word_embeddings"), r.out());
        ok(s, NEW_MODEL);
        JsonNode config = json(s.root.resolve("models/new-tiny/bert_config.json"));
        assertEquals(1, config.path("num_hidden_layers").asInt());
        assertEquals(32, config.path("hidden_size").asInt());
        assertEquals(Files.readAllLines(s.root.resolve("models/new-tiny/vocab.txt")).size(),
                config.path("vocab_size").asInt());
    }

    /**
     * The README's kill and resume: the demo run in its own process, stopped with SIGTERM after its first
     * checkpoint; status shows it interrupted; export and predict refuse it, naming the resume command; the command
     * status.json names finishes it with the uninterrupted run's metrics.
     */
    @Test
    void killedRunShowsInterruptedAndResumesToTheUninterruptedMetrics() throws Exception {
        Path reference = demoRun();
        ReadmeSandbox s = new ReadmeSandbox(shared.resolve("kill"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Workbench.class.getName()));
        cmd.addAll(s.args(RUN_DEMO));
        Files.createDirectories(s.root);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(s.root.resolve("run.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        Path experiment = s.results().resolve("demo");
        Path run = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (Files.isDirectory(experiment)) {
                    try (Stream<Path> d = Files.list(experiment)) {
                        run = d.filter(Files::isDirectory).findFirst().orElse(null);
                    }
                }
                if (run != null && RunStatusProbe.checkpointed(run)) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(p.isAlive(), "the run ended before its first checkpoint was seen:\n"
                    + Files.readString(s.root.resolve("run.log")));
            p.destroy(); // SIGTERM, as kill or Ctrl-C
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        JsonNode status = json(run.resolve("status.json"));
        assertEquals("interrupted", status.path("state").asText(), status.toString());
        assertFalse(Files.exists(run.resolve("metrics.json")), "stopped before the end");

        CliRun st = ok(s, STATUS);
        String row = st.out().lines().filter(l -> l.startsWith("demo/")).findFirst()
                .orElseThrow(() -> new AssertionError(st.out()));
        assertTrue(row.contains(" run ") && row.contains(" interrupted "), row);

        // export and predict say it did not finish and how to resume
        String resume = status.path("resume").asText();
        CliRun export = s.run(EXPORT);
        assertEquals(2, export.code(), export.err());
        assertTrue(export.err().contains("the run did not finish") && export.err().strip().endsWith(
                "resume it with: " + resume), export.err());
        CliRun predict = s.run(PREDICT_RUN);
        assertEquals(2, predict.code(), predict.err());
        assertTrue(predict.err().strip().endsWith("resume it with: " + resume), predict.err());

        // the README's resume line is the command status.json names
        List<String> named = new ArrayList<>(ReadmeSandbox.split(resume).subList(1, ReadmeSandbox.split(resume).size()));
        List<String> readmeResume = new ArrayList<>(s.args(RESUME));
        named.sort(null);
        readmeResume.sort(null);
        assertEquals(named, readmeResume, resume);
        ok(s, RESUME);
        assertEquals("finished", json(run.resolve("status.json")).path("state").asText());
        JsonNode resumed = json(run.resolve("metrics.json"));
        JsonNode uninterrupted = json(reference.resolve("metrics.json"));
        assertEquals(uninterrupted.path("test"), resumed.path("test"));
        assertEquals(uninterrupted.path("dev"), resumed.path("dev"));
        // every step's loss and every evaluation as in the uninterrupted run
        assertEquals(Files.readAllLines(reference.resolve("steps.csv")), Files.readAllLines(run.resolve("steps.csv")));
        assertEquals(Files.readAllLines(reference.resolve("epochs.csv")), Files.readAllLines(run.resolve("epochs.csv")));
    }

    /** Reads a run's status.json while the run writes it (atomically: whole or the previous version). */
    private static final class RunStatusProbe {
        static boolean checkpointed(Path run) {
            try {
                return json(run.resolve("status.json")).path("last_checkpoint_step").isIntegralNumber();
            } catch (IOException e) {
                return false;
            }
        }
    }
}
