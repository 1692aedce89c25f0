package org.clinicalbert.workbench.runs;


import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.train.TrainingListener;
import org.clinicalbert.workbench.train.TrainingState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A (sub-)run's progress on disk as it happens: a line appended to {@code steps.csv} after every optimiser step
 * and to {@code epochs.csv} after every dev evaluation (each written through to the operating system at once, so
 * a killed run keeps them), and the run's {@code status.json} updated at every checkpoint with the step, the best
 * dev score and the time. On a resume the two files are cut back to the checkpoint the run continues from, so the
 * steps redone after it are not listed twice. The run's end rewrites both files whole from the training state.
 */
public final class ProgressFiles implements TrainingListener {

    static final String STEPS = "steps.csv";
    static final String EPOCHS = "epochs.csv";

    private final Path steps;
    private final Path epochs;
    private final StatusFile status;
    private final String scoreName;
    private final String label;
    private List<String> columns;
    private long total;
    private double best = Double.NEGATIVE_INFINITY;

    /**
     * @param dir       the (sub-)run's folder, where the CSV files go
     * @param status    the run's status (for cross-validation the parent run's)
     * @param scoreName the dev metric that picks the best model (accuracy, f1)
     * @param label     which part of the run this is ("train", "fold 3/10"), shown in the status message
     */
    public ProgressFiles(Path dir, StatusFile status, String scoreName, String label) {
        this.steps = dir.resolve(STEPS);
        this.epochs = dir.resolve(EPOCHS);
        this.status = status;
        this.scoreName = scoreName;
        this.label = label;
    }

    @Override
    public void onStart(long totalSteps, long completedSteps) {
        total = totalSteps;
        try {
            List<String[]> kept = cutBack(steps, completedSteps);
            List<String[]> evals = cutBack(epochs, completedSteps);
            for (String[] row : evals) {
                double score = Double.parseDouble(row[2]);
                if (Double.isFinite(score)) {
                    best = Math.max(best, score);
                }
            }
            if (Files.exists(epochs)) {
                String header = Files.readAllLines(epochs, StandardCharsets.UTF_8).get(0);
                List<String> cols = new ArrayList<>();
                for (String c : header.split(",")) {
                    if (c.startsWith("dev_")) {
                        cols.add(c.substring("dev_".length()));
                    }
                }
                columns = cols;
            }
            if (kept.isEmpty() && completedSteps == 0) {
                Files.deleteIfExists(steps);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        status.update(s -> s.withState(RunState.RUNNING, label).withProgress(progress(completedSteps)));
    }

    @Override
    public void onStep(long step, int epoch, double loss, double learningRate, double gradNorm, long tokens) {
        append(steps, CurveCsv.STEPS_HEADER,
                CurveCsv.stepRow(new TrainingState.StepRecord(step, epoch, loss, learningRate, gradNorm)));
    }

    @Override
    public void onEvaluation(long step, int epoch, Map<String, Double> metrics, boolean isBest) {
        Double score = metrics.get(scoreName);
        if (columns == null) {
            columns = CurveCsv.evaluationColumns(metrics.keySet());
        }
        if (score != null && isBest) {
            best = Math.max(best, score);
        }
        append(epochs, CurveCsv.evaluationsHeader(columns), CurveCsv.evaluationRow(
                new TrainingState.EvalRecord(step, epoch, score == null ? Double.NaN : score, metrics), columns));
    }

    @Override
    public void onCheckpoint(long step) {
        status.update(s -> s.withCheckpoint(step, progress(step),
                Double.isFinite(best) ? new RunStatus.Best("dev." + scoreName, best) : null));
    }

    private RunStatus.Progress progress(long done) {
        return new RunStatus.Progress(done, total, "steps");
    }

    /** Appends one line, with the header first into a new file; the bytes reach the OS before this returns. */
    private static void append(Path file, String header, String line) {
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            Files.writeString(file, fresh ? header + line : line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keeps the header and the rows of steps up to {@code step} (what the checkpoint knew); a row cut short by a
     * kill is dropped. Returns the rows kept, split at commas.
     */
    private static List<String[]> cutBack(Path file, long step) throws IOException {
        List<String[]> kept = new ArrayList<>();
        if (!Files.exists(file)) {
            return kept;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            Files.delete(file);
            return kept;
        }
        int width = lines.get(0).split(",", -1).length;
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            long at;
            try {
                at = Long.parseLong(cells[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (cells.length == width && at <= step) {
                kept.add(cells);
                sb.append(line).append('\n');
            }
        }
        AtomicFiles.writeString(file, sb.toString());
        return kept;
    }
}
