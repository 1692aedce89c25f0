package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.RunMetrics;

import org.clinicalbert.workbench.tensorboard.EventFileWriter;
import org.clinicalbert.workbench.tensorboard.Summaries;
import org.clinicalbert.workbench.train.TrainingListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A (sub-)run's TensorBoard event file in {@code <run>/tensorboard/}, written as the run trains beside steps.csv and
 * epochs.csv ({@link ProgressFiles}): per optimiser step the loss, learning rate, gradient norm before clipping and
 * tokens per second ({@code train/...}); per dev evaluation every metric the run reports with its per-class or
 * per-entity-type scores ({@code dev/...}); the test scores once at the end ({@code test/...}); the resolved config
 * as a text summary at step 0. Flushed at every checkpoint; a resumed run continues the same file from its checkpoint.
 */
final class TensorBoardLog implements TrainingListener, AutoCloseable {

    /** The folder in a run folder that holds its event file. */
    static final String DIR = "tensorboard";

    private final Path dir;
    private final String configYaml;
    private EventFileWriter writer;
    private RunMetrics.SplitDetails devDetails;
    private long lastNanos;

    TensorBoardLog(Path runDir, String configYaml) {
        this.dir = runDir.resolve(DIR);
        this.configYaml = configYaml;
    }

    @Override
    public void onStart(long totalSteps, long completedSteps) {
        try {
            writer = EventFileWriter.open(dir, completedSteps);
            if (writer.created()) {
                writer.write(0, Summaries.text("config", "```yaml\n" + configYaml + "```\n"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastNanos = System.nanoTime();
    }

    @Override
    public void onStep(long step, int epoch, double loss, double learningRate, double gradNorm, long tokens) {
        long now = System.nanoTime();
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("train/loss", loss);
        v.put("train/learning_rate", learningRate);
        v.put("train/grad_norm", gradNorm);
        v.put("train/tokens_per_second", tokens / Math.max(1e-9, (now - lastNanos) / 1e9));
        write(step, v);
        lastNanos = now;
    }

    /** The detailed scores of the dev evaluation whose {@link #onEvaluation} comes next (the loop sees flat metrics). */
    void devDetails(RunMetrics.SplitDetails details) {
        this.devDetails = details;
    }

    @Override
    public void onEvaluation(long step, int epoch, Map<String, Double> metrics, boolean best) {
        write(step, scores("dev", metrics, devDetails));
        devDetails = null;
        lastNanos = System.nanoTime(); // tokens per second counts training time only
    }

    @Override
    public void onCheckpoint(long step) {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastNanos = System.nanoTime();
    }

    /** The best model's test scores, at the run's last step. */
    void test(long step, Map<String, Double> metrics, RunMetrics.SplitDetails details) {
        write(step, scores("test", metrics, details));
    }

    private static Map<String, Double> scores(String split, Map<String, Double> metrics,
                                              RunMetrics.SplitDetails details) {
        Map<String, Double> v = new LinkedHashMap<>();
        metrics.forEach((k, x) -> v.put(split + "/" + k, x));
        if (details != null && details.perClass() != null) {
            details.perClass().forEach((label, s) -> {
                v.put(split + "/class/" + label + "/precision", s.precision());
                v.put(split + "/class/" + label + "/recall", s.recall());
                v.put(split + "/class/" + label + "/f1", s.f1());
            });
        }
        if (details != null && details.entityByType() != null) {
            details.entityByType().forEach((type, s) -> {
                v.put(split + "/entity/" + type + "/precision", s.precision());
                v.put(split + "/entity/" + type + "/recall", s.recall());
                v.put(split + "/entity/" + type + "/f1", s.f1());
            });
        }
        return v;
    }

    private void write(long step, Map<String, Double> values) {
        if (writer == null || values.isEmpty()) {
            return;
        }
        try {
            writer.write(step, Summaries.scalars(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
