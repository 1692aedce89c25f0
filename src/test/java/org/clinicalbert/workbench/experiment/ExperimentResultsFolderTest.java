package org.clinicalbert.workbench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.checkpoint.TfCheckpointReader;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a finished run leaves behind, and that it leaves nothing anywhere else. */
class ExperimentResultsFolderTest {

    @TempDir
    static Path tmp;
    static Path corpora;

    @BeforeAll
    static void data() throws IOException {
        corpora = RunnerFixture.corpora(tmp.resolve("data"), 10);
    }

    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<String> lines(Path f) throws IOException {
        return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void nerRunFolderHoldsEveryResultFile() throws IOException {
        Path out = tmp.resolve("results");
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("ner.yaml"), "i2b2-2010", corpora.resolve("i2b2-2010"), out,
                List.of("train.epochs=2", "train.tensorboard=false"));
        Set<String> before = tree(tmp);
        Set<String> repoBefore = tree(Path.of("").toAbsolutePath().resolve("config"));
        String[] repoTop = Path.of("").toAbsolutePath().toFile().list();

        ExperimentRunner.Result r = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")))
                .run(c, RunnerFixture.options(false, null));
        Path run = r.runDir();
        assertEquals(List.of(run), RunnerFixture.runFolders(out));

        // nothing outside the run folder (in the temp folder or the repository)
        Set<String> after = tree(tmp);
        after.removeIf(p -> p.startsWith(tmp.relativize(out).toString()));
        before.removeIf(p -> p.startsWith(tmp.relativize(out).toString()));
        assertEquals(before, after);
        assertEquals(repoBefore, tree(Path.of("").toAbsolutePath().resolve("config")));
        String[] repoTopAfter = Path.of("").toAbsolutePath().toFile().list();
        Arrays.sort(repoTop);
        Arrays.sort(repoTopAfter);
        assertArrayEquals(repoTop, repoTopAfter);

        for (String f : List.of("config.yaml", "environment.json", "metrics.json", "epochs.csv", "steps.csv",
                "predictions-dev.jsonl", "predictions-test.jsonl", "learning-curve.png", "report.md", "status.json",
                "model/bert_config.json", "model/vocab.txt", "model/labels.json")) {
            assertTrue(Files.isRegularFile(run.resolve(f)) && Files.size(run.resolve(f)) > 0, f);
        }
        assertEquals("finished", RunnerFixture.readJson(run.resolve("status.json")).path("state").asText());
        assertTrue(Files.notExists(run.resolve("tensorboard")), "train.tensorboard: false writes no event file");

        // config.yaml is the resolved config, and loads back to the same config
        ExperimentConfig back = new ConfigLoader(null).load(run.resolve("config.yaml"));
        assertEquals(c, back);

        // the model folder says which data, config, checkpoint and code produced it
        JsonNode prov = RunnerFixture.readJson(run.resolve("model/provenance.json"));
        assertEquals(Files.readString(run.resolve("config.yaml")), prov.path("config").asText());
        assertEquals(c.model().maxSeqLength(), prov.path("max_seq_length").asInt());
        assertTrue(prov.path("data").size() > 0 && prov.path("data").get(0).path("sha256").asText().length() == 64,
                prov.toString());
        assertEquals(64, prov.path("source").path("index_sha256").asText().length(), prov.toString());

        JsonNode env = RunnerFixture.readJson(run.resolve("environment.json"));
        assertEquals(42, env.path("seed").asLong());
        assertTrue(env.path("backend").asText().contains("Cpu"), env.toString());
        assertTrue(env.has("git_commit"), env.toString());

        JsonNode m = RunnerFixture.readJson(run.resolve("metrics.json"));
        assertEquals("i2b2-2010", m.path("task").asText());
        long steps = m.path("steps").asLong();
        assertTrue(m.path("dev").path("metrics").has("f1") && m.path("test").path("metrics").has("f1"), m.toString());
        List<String> names = new java.util.ArrayList<>();
        m.path("dev").path("metrics").fieldNames().forEachRemaining(names::add);
        assertEquals(org.clinicalbert.workbench.experiment.config.Task.I2B2_2010.metrics(), names,
                "what a sweep may maximise is what a run reports");

        // one dev evaluation per epoch, one steps.csv row per optimiser step
        List<String> epochs = lines(run.resolve("epochs.csv"));
        assertEquals(1 + 2, epochs.size(), epochs.toString());
        assertTrue(epochs.get(0).startsWith("step,epoch,score"), epochs.get(0));
        assertTrue(epochs.get(2).startsWith(steps + ",2,"), epochs.get(2));
        assertEquals(1 + steps, lines(run.resolve("steps.csv")).size());

        // one prediction line per sentence, matching the evaluation's counts
        assertEquals(m.path("dev").path("details").path("sentences").asInt(), lines(run.resolve("predictions-dev.jsonl")).size());
        assertEquals(m.path("test").path("details").path("sentences").asInt(), lines(run.resolve("predictions-test.jsonl")).size());
        JsonNode first = RunnerFixture.JSON.readTree(lines(run.resolve("predictions-test.jsonl")).get(0));
        assertEquals(first.path("words").size(), first.path("predicted").size());
        assertEquals(first.path("words").size(), first.path("gold").size());

        BufferedImage png = ImageIO.read(run.resolve("learning-curve.png").toFile());
        assertNotNull(png, "learning-curve.png is a readable image");
        byte[] magic = Arrays.copyOf(Files.readAllBytes(run.resolve("learning-curve.png")), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);

        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("i2b2-2010") && report.contains("| test | f1 |"), report);

        // the fine-tuned model as a TF checkpoint of the best step, with its labels
        long best = m.path("best_step").asLong();
        Path prefix = run.resolve("model").resolve("model.ckpt-" + best);
        assertTrue(Files.isRegularFile(Path.of(prefix + ".index")));
        TfCheckpointReader reader = TfCheckpointReader.open(prefix);
        var weights = reader.readAllVariables();
        assertEquals(List.of(7L, 64L), Arrays.stream(weights.get("output_weights").shape()).boxed().toList(),
                "token head: 7 BIO tags (problem, test, treatment) x hidden 64");
        JsonNode labels = RunnerFixture.readJson(run.resolve("model/labels.json"));
        assertEquals("TOKEN", labels.path("kind").asText());
        assertEquals(7, labels.path("labels").size());
        assertEquals(Files.readString(RunnerFixture.tinyModel().resolve("vocab.txt")),
                Files.readString(run.resolve("model/vocab.txt")));
    }

    @Test
    void sentencesLongerThanAWindowArePredictedWordForWord() throws IOException {
        // max_seq_length 8 leaves 6 word pieces per window: most sentences span several windows
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("win.yaml"), "i2b2-2010", corpora.resolve("i2b2-2010"),
                tmp.resolve("results-win"), List.of("train.epochs=1", "model.max_seq_length=8"));
        ExperimentRunner.Result r = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")))
                .run(c, RunnerFixture.options(false, null));
        JsonNode m = RunnerFixture.readJson(r.runDir().resolve("metrics.json"));
        assertTrue(m.path("train_examples").asInt() > m.path("dev").path("details").path("sentences").asInt() * 2,
                "windows outnumber sentences: " + m.path("train_examples"));
        int words = 0;
        int longest = 0;
        for (String line : lines(r.runDir().resolve("predictions-test.jsonl"))) {
            JsonNode p = RunnerFixture.JSON.readTree(line);
            assertEquals(p.path("words").size(), p.path("predicted").size(), line);
            words += p.path("words").size();
            longest = Math.max(longest, p.path("words").size());
        }
        assertTrue(longest > 6, "some sentence needs several windows");
        assertEquals(m.path("test").path("details").path("words").asInt(), words);
    }

    @Test
    void nliPredictionsHaveOneLinePerPair() throws IOException {
        Path out = tmp.resolve("results-nli");
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("nli.yaml"), "mednli", corpora.resolve("mednli"), out,
                List.of("train.epochs=1"));
        Path run = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")))
                .run(c, RunnerFixture.options(false, null)).runDir();
        for (String split : List.of("dev", "test")) {
            String name = "mli_" + split + "_v1.jsonl";
            assertEquals(lines(corpora.resolve("mednli").resolve(name)).size(),
                    lines(run.resolve("predictions-" + split + ".jsonl")).size(), split);
        }
        JsonNode first = RunnerFixture.JSON.readTree(lines(run.resolve("predictions-test.jsonl")).get(0));
        assertTrue(first.has("pairID") && first.has("gold_label") && first.has("predicted_label"), first.toString());
        assertEquals(2, lines(run.resolve("epochs.csv")).size());
        List<String> names = new java.util.ArrayList<>();
        RunnerFixture.readJson(run.resolve("metrics.json")).path("test").path("metrics").fieldNames()
                .forEachRemaining(names::add);
        assertEquals(org.clinicalbert.workbench.experiment.config.Task.MEDNLI.metrics(), names);
        var weights = TfCheckpointReader.openFolder(run.resolve("model")).readAllVariables();
        assertEquals(List.of(3L, 64L), Arrays.stream(weights.get("output_weights").shape()).boxed().toList());
    }
}
