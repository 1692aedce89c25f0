package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ProgressBar;
import org.clinicalbert.workbench.train.TrainingListener;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/** A terminal progress bar for the training loop: step, loss, steps/s, tokens/s and ETA. */
final class TrainingProgress implements TrainingListener, AutoCloseable {

    private final String task;
    private final PrintStream out;
    private ProgressBar bar;
    private long tokens;
    private long started;

    TrainingProgress(String task, PrintStream out) {
        this.task = task;
        this.out = out;
    }

    @Override
    public void onStart(long totalSteps, long completedSteps) {
        bar = ProgressBars.builder(task, out, System.console() != null).setInitialMax(totalSteps)
                .setUpdateIntervalMillis(500).showSpeed()
                .setUnit(" steps", 1).startsFrom(completedSteps, java.time.Duration.ZERO).build();
        started = System.nanoTime();
    }

    @Override
    public void onStep(long step, int epoch, double loss, double lr, double gradNorm, long stepTokens) {
        tokens += stepTokens;
        double secs = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        bar.stepTo(step);
        bar.setExtraMessage(String.format(" ep %d loss %.4f lr %.2e %.0f tok/s", epoch + 1, loss, lr, tokens / secs));
    }

    @Override
    public void onEvaluation(long step, int epoch, Map<String, Double> metrics, boolean best) {
        String m = metrics.entrySet().stream().map(e -> String.format("%s=%.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" "));
        bar.pause();
        out.printf("%n  dev @ step %d (epoch %d): %s%s%n", step, epoch + 1, m, best ? "  [best]" : "");
        bar.resume();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
