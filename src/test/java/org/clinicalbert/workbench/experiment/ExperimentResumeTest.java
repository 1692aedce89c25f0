package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.FolderStatus;
import org.clinicalbert.workbench.runs.RunLock;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run killed mid-epoch, after a mid-epoch checkpoint, then continued with resume, ends exactly where an
 * uninterrupted run with the same seed ends: same dev/test metrics, same curves.
 */
class ExperimentResumeTest {

    @TempDir
    static Path tmp;
    static Path corpora;

    /** Thrown by the fault-injecting listener in place of a crash. */
    static final class Killed extends RuntimeException {
        Killed(long step) {
            super("killed at step " + step);
        }
    }

    @BeforeAll
    static void data() throws IOException {
        corpora = RunnerFixture.corpora(tmp.resolve("data"), RunnerFixture.SIZE);
    }

    // 300 training pairs, batch 16: 19 steps per epoch, 57 in all; checkpoints every 5 steps and at epoch ends
    // (19, 38); the kill at step 28 is mid-epoch 2, 3 steps after the step-25 checkpoint
    private static final List<String> SETTINGS = List.of("train.epochs=3", "train.eval_every_steps=5");
    private static final long KILL_AT = 28;

    @Test
    void resumedRunEndsExactlyWhereAnUninterruptedRunEnds() throws IOException {
        Path nli = corpora.resolve("mednli");
        ExperimentConfig broken = RunnerFixture.config(tmp.resolve("b.yaml"), "mednli", nli, tmp.resolve("out-b"), SETTINGS);
        var runner = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")));

        Path a = straightRun();

        List<Long> checkpoints = new ArrayList<>();
        TrainingListener killer = new TrainingListener() {
            @Override
            public void onStep(long step, int epoch, double loss, double lr, double norm, long tokens) {
                if (step == KILL_AT) {
                    throw new Killed(step);
                }
            }

            @Override
            public void onCheckpoint(long step) {
                checkpoints.add(step);
            }
        };
        assertThrows(Killed.class, () -> runner.run(broken, RunnerFixture.options(false, label -> killer)));
        assertEquals(List.of(5L, 10L, 15L, 19L, 20L, 25L), checkpoints, "checkpoints before the kill");
        List<Path> runs = RunnerFixture.runFolders(tmp.resolve("out-b"));
        assertEquals(1, runs.size());
        assertEquals("failed", RunnerFixture.readJson(runs.get(0).resolve("status.json")).path("state").asText());
        String firstStart = RunnerFixture.readJson(runs.get(0).resolve("environment.json")).path("started").asText();
        assertTrue(Files.notExists(runs.get(0).resolve("metrics.json")));

        List<Long> resumedSteps = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onStep(long step, int epoch, double loss, double lr, double norm, long tokens) {
                resumedSteps.add(step);
            }
        };
        Path b = runner.run(broken, RunnerFixture.options(true, label -> recorder)).runDir();
        assertEquals(runs.get(0), b, "resume continues the interrupted run's folder");
        assertEquals(26L, resumedSteps.get(0), "resumed after the step-25 checkpoint, not from scratch");
        assertEquals(57L, resumedSteps.get(resumedSteps.size() - 1));

        JsonNode ma = RunnerFixture.readJson(a.resolve("metrics.json"));
        JsonNode mb = RunnerFixture.readJson(b.resolve("metrics.json"));
        for (String key : List.of("dev", "test", "steps", "best_step")) {
            assertEquals(ma.get(key), mb.get(key), key);
        }
        assertEquals(Files.readString(a.resolve("epochs.csv")), Files.readString(b.resolve("epochs.csv")));
        assertEquals(Files.readString(a.resolve("steps.csv")), Files.readString(b.resolve("steps.csv")));
        assertEquals(Files.readString(a.resolve("predictions-test.jsonl")),
                Files.readString(b.resolve("predictions-test.jsonl")));
        assertEquals("finished", RunnerFixture.readJson(b.resolve("status.json")).path("state").asText());
        var env = RunnerFixture.readJson(b.resolve("environment.json"));
        assertEquals(firstStart, env.path("started").asText(), "the first start's provenance is kept");
        assertEquals(1, env.path("resumed").size(), "the resume is recorded beside it");
    }

    private static Path straight;

    /** The uninterrupted run both kill tests compare with (run once). */
    private static synchronized Path straightRun() throws IOException {
        if (straight == null) {
            ExperimentConfig c = RunnerFixture.config(tmp.resolve("a.yaml"), "mednli", corpora.resolve("mednli"),
                    tmp.resolve("out-a"), SETTINGS);
            straight = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")))
                    .run(c, RunnerFixture.options(false, null)).runDir();
        }
        return straight;
    }

    /** Stands for kill -9: an Error the runner does not catch, so nothing records an end (the lock still goes). */
    static final class HardKill extends Error {
        HardKill(long step) {
            super("hard kill at step " + step);
        }
    }

    @Test
    void aKilledRunHasItsProgressOnDiskIsShownInterruptedAndResumesByteIdentical() throws IOException {
        Path a = straightRun();
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("e.yaml"), "mednli", corpora.resolve("mednli"),
                tmp.resolve("out-e"), SETTINGS);
        var runner = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")));
        TrainingListener killer = new TrainingListener() {
            @Override
            public void onStep(long step, int epoch, double loss, double lr, double norm, long tokens) {
                if (step == KILL_AT) {
                    throw new HardKill(step);
                }
            }
        };
        assertThrows(HardKill.class, () -> runner.run(c, RunnerFixture.options(false, label -> killer)));
        Path run = RunnerFixture.runFolders(tmp.resolve("out-e")).get(0);

        // what the uninterrupted run wrote, cut at the kill: evaluations at 5, 10, 15, 19 (epoch 1), 20, 25; steps 1-28
        List<String> allEvals = Files.readAllLines(a.resolve("epochs.csv"));
        List<String> allSteps = Files.readAllLines(a.resolve("steps.csv"));
        assertEquals(allEvals.subList(0, 7), Files.readAllLines(run.resolve("epochs.csv")), "evaluations on disk");
        assertEquals(allSteps.subList(0, 29), Files.readAllLines(run.resolve("steps.csv")), "steps on disk");
        assertTrue(Files.notExists(run.resolve("metrics.json")));

        JsonNode status = RunnerFixture.readJson(run.resolve("status.json"));
        assertEquals("running", status.path("state").asText(), "a hard kill records nothing");
        assertEquals("run", status.path("kind").asText());
        assertEquals(25, status.path("last_checkpoint_step").asLong());
        assertEquals(25, status.path("progress").path("done").asLong());
        assertEquals(57, status.path("progress").path("total").asLong());
        assertEquals("steps", status.path("progress").path("unit").asText());
        double bestBy25 = allEvals.subList(1, 7).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                .max().orElseThrow();
        assertEquals("dev.accuracy", status.path("best").path("metric").asText());
        assertEquals(bestBy25, status.path("best").path("value").asDouble(), 1e-6);
        assertEquals("./workbench run " + run.resolve("config.yaml") + " --resume", status.path("resume").asText());
        assertEquals("interrupted", FolderStatus.of(run).orElseThrow().shown().id(), "status shows it interrupted");
        String started = status.path("started").asText();

        // on resume the files are cut back to what the step-25 checkpoint knew before training goes on
        List<Integer> rowsAtResume = new ArrayList<>();
        TrainingListener look = new TrainingListener() {
            @Override
            public void onStart(long totalSteps, long completedSteps) {
                try {
                    rowsAtResume.add(Files.readAllLines(run.resolve("steps.csv")).size() - 1);
                    rowsAtResume.add(Files.readAllLines(run.resolve("epochs.csv")).size() - 1);
                    rowsAtResume.add(EventScalars.steps(EventScalars.of(run), "train/loss").size());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        Path b = runner.run(c, RunnerFixture.options(true, label -> look)).runDir();
        assertEquals(run, b);
        assertEquals(List.of(25, 6, 25), rowsAtResume, "steps 26-28 are not listed twice");
        assertOneUnbrokenCurve(a, b);
        for (String f : List.of("epochs.csv", "steps.csv", "predictions-test.jsonl", "predictions-dev.jsonl")) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
        assertEquals(RunnerFixture.readJson(a.resolve("metrics.json")).get("test"),
                RunnerFixture.readJson(b.resolve("metrics.json")).get("test"));
        assertEquals("finished", FolderStatus.of(b).orElseThrow().shown().id());
        JsonNode end = RunnerFixture.readJson(b.resolve("status.json"));
        assertEquals(started, end.path("started").asText(), "a resume keeps the first start");
        assertEquals(57, end.path("last_checkpoint_step").asLong());
        assertEquals(57, end.path("progress").path("done").asLong());
    }

    /**
     * The resumed run's TensorBoard file holds every step once, in order, with the uninterrupted run's values; the
     * test scores once, equal to metrics.json.
     */
    private static void assertOneUnbrokenCurve(Path straight, Path resumed) throws IOException {
        var a = EventScalars.of(straight);
        var b = EventScalars.of(resumed);
        List<Long> all = java.util.stream.LongStream.rangeClosed(1, 57).boxed().toList();
        for (String tag : List.of("train/loss", "train/learning_rate", "train/grad_norm", "train/tokens_per_second")) {
            assertEquals(all, EventScalars.steps(b, tag), tag);
        }
        for (String tag : List.of("train/loss", "train/learning_rate", "train/grad_norm")) {
            assertEquals(a.get(tag), b.get(tag), tag);
        }
        assertEquals(List.of(5L, 10L, 15L, 19L, 20L, 25L, 30L, 35L, 38L, 40L, 45L, 50L, 55L, 57L),
                EventScalars.steps(b, "dev/accuracy"));
        assertEquals(a.get("dev/accuracy"), b.get("dev/accuracy"));
        assertEquals(a.get("dev/class/entailment/f1"), b.get("dev/class/entailment/f1"));
        JsonNode test = RunnerFixture.readJson(resumed.resolve("metrics.json")).get("test");
        assertEquals(List.of(new EventScalars.Point(57, (float) test.path("metrics").path("accuracy").asDouble())),
                b.get("test/accuracy"));
        assertEquals((float) test.path("details").path("per_class").path("contradiction").path("f1").asDouble(),
                b.get("test/class/contradiction/f1").get(0).value());
    }

    @Test
    void resumeUnderAChangedConfigIsRefused() throws IOException {
        Path out = tmp.resolve("out-d");
        Path nli = corpora.resolve("mednli");
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("d.yaml"), "mednli", nli, out, List.of("train.epochs=2"));
        var runner = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")));
        TrainingListener killer = new TrainingListener() {
            @Override
            public void onCheckpoint(long step) {
                throw new Killed(step);
            }
        };
        assertThrows(Killed.class, () -> runner.run(c, RunnerFixture.options(false, label -> killer)));
        Path run = RunnerFixture.runFolders(out).get(0);
        String saved = Files.readString(run.resolve("config.yaml"));

        ExperimentConfig changed = RunnerFixture.config(tmp.resolve("d.yaml"), "mednli", nli, out,
                List.of("train.epochs=3"));
        UserInputException e = assertThrows(UserInputException.class,
                () -> runner.run(changed, RunnerFixture.options(true, null)));
        assertTrue(e.getMessage().contains(run.toString()) && e.getMessage().contains("config"), e.getMessage());
        assertEquals(saved, Files.readString(run.resolve("config.yaml")), "the run's config is left as it was");
        assertEquals("failed", RunnerFixture.readJson(run.resolve("status.json")).path("state").asText());
        assertEquals(1, RunnerFixture.runFolders(out).size());
    }

    @Test
    void resumeWithNothingToResumeIsAnErrorUnlessResumeOrStart() throws IOException {
        Path out = tmp.resolve("out-c");
        ExperimentConfig c = RunnerFixture.config(tmp.resolve("c.yaml"), "mednli", corpora.resolve("mednli"), out,
                List.of("train.epochs=1"));
        var runner = new ExperimentRunner(RunnerFixture.registry(tmp.resolve("models")));
        var e = assertThrows(org.clinicalbert.workbench.io.InputFormatException.class,
                () -> runner.run(c, RunnerFixture.options(true, null)));
        assertEquals(out + ": nothing to resume: no unfinished run of " + c.name() + " here (--resume-or-start starts "
                + "a new run when there is none)", e.getMessage());
        assertEquals(0, RunnerFixture.runFolders(out).size(), "no run folder was made");
        var resumeOrStart = new ExperimentRunner.Options(true, Path.of("").toAbsolutePath(), null, true);
        Path first = runner.run(c, resumeOrStart).runDir();
        assertFalse(Files.exists(first.resolve(RunLock.FILE)), "the lock goes with the run");
        Path second = runner.run(c, resumeOrStart).runDir();
        assertTrue(!first.equals(second), "a finished run is never resumed");
        assertEquals(2, RunnerFixture.runFolders(out).size());
    }
}
