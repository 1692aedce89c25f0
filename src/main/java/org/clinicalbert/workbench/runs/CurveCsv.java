package org.clinicalbert.workbench.runs;

import org.clinicalbert.workbench.train.TrainingState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The learning curves of a run folder as CSV: {@code steps.csv} (one row per optimiser step) and {@code epochs.csv}
 * (one row per dev evaluation). {@link ProgressFiles} appends rows as training goes; the finished run writes the
 * whole files from its training state; both use these rows, so a resumed file and a whole one are the same bytes.
 */
public final class CurveCsv {

    private CurveCsv() {
    }

    public static final String STEPS_HEADER = "step,epoch,loss,learning_rate,grad_norm\n";

    public static String stepsCsv(TrainingState state) {
        StringBuilder sb = new StringBuilder(STEPS_HEADER);
        state.steps.forEach(r -> sb.append(stepRow(r)));
        return sb.toString();
    }

    /** One steps.csv line (epochs 1-based, as everywhere the user reads them). */
    public static String stepRow(TrainingState.StepRecord r) {
        return String.format(Locale.ROOT, "%d,%d,%.6f,%.6e,%.6f%n", r.step(), r.epoch() + 1, r.loss(),
                r.learningRate(), r.gradNorm());
    }

    /** One row per dev evaluation (after each epoch, and every N steps if asked). */
    public static String evaluationsCsv(TrainingState state) {
        Set<String> names = new HashSet<>();
        state.evaluations.forEach(e -> names.addAll(e.metrics().keySet()));
        List<String> cols = evaluationColumns(names);
        StringBuilder sb = new StringBuilder(evaluationsHeader(cols));
        state.evaluations.forEach(e -> sb.append(evaluationRow(e, cols)));
        return sb.toString();
    }

    /** The metric columns of epochs.csv for evaluations reporting {@code metrics}: sorted by name. */
    public static List<String> evaluationColumns(Collection<String> metrics) {
        return new ArrayList<>(new TreeSet<>(metrics));
    }

    public static String evaluationsHeader(List<String> cols) {
        StringBuilder sb = new StringBuilder("step,epoch,score");
        cols.forEach(c -> sb.append(",dev_").append(c));
        return sb.append('\n').toString();
    }

    public static String evaluationRow(TrainingState.EvalRecord e, List<String> cols) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.step()).append(',').append(e.epoch() + 1).append(',')
                .append(String.format(Locale.ROOT, "%.6f", e.score()));
        for (String c : cols) {
            Double v = e.metrics().get(c);
            sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6f", v));
        }
        return sb.append('\n').toString();
    }
}
