package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.train.TrainingState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The human-readable parts of a run's folder: report.md and the CSV curves. */
final class RunReport {

    private RunReport() {
    }

    static String stepsCsv(TrainingState state) {
        StringBuilder sb = new StringBuilder("step,epoch,loss,learning_rate,grad_norm\n");
        for (TrainingState.StepRecord r : state.steps) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6e,%.6f%n", r.step(), r.epoch() + 1, r.loss(),
                    r.learningRate(), r.gradNorm()));
        }
        return sb.toString();
    }

    /** One row per dev evaluation (after each epoch, and every N steps if asked). */
    static String evaluationsCsv(TrainingState state) {
        TreeSet<String> names = new TreeSet<>();
        state.evaluations.forEach(e -> names.addAll(e.metrics().keySet()));
        List<String> cols = new ArrayList<>(names);
        StringBuilder sb = new StringBuilder("step,epoch,score");
        cols.forEach(c -> sb.append(",dev_").append(c));
        sb.append('\n');
        for (TrainingState.EvalRecord e : state.evaluations) {
            sb.append(e.step()).append(',').append(e.epoch() + 1).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", e.score()));
            for (String c : cols) {
                Double v = e.metrics().get(c);
                sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6f", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static String markdown(ExperimentConfig config, Map<String, Object> env, Map<String, Object> metrics) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(config.name()).append("\n\n");
        sb.append("- task: `").append(config.task().id()).append("`\n");
        sb.append("- initialisation: `").append(config.model().init() != null ? config.model().init()
                : String.valueOf(config.model().path())).append("`\n");
        var t = config.train();
        sb.append(String.format(Locale.ROOT, "- lr %.1e, batch %d (grad accumulation %d), epochs %d, warm-up %.2f, "
                        + "max_seq_length %d, seed %d%n", t.lr(), t.batchSize(), t.gradAccumSteps(), t.epochs(),
                t.warmupProportion(), config.model().maxSeqLength(), t.seed()));
        sb.append("- backend: ").append(env.get("backend")).append(", git ").append(env.get("git_commit"))
                .append("\n\n");
        if (metrics.containsKey("cv_folds")) {
            sb.append("## ").append(metrics.get("cv_folds")).append("-fold cross-validation (mean ± sample std)\n\n");
            sb.append("| split | metric | mean | std |\n|---|---|---|---|\n");
            for (String split : List.of("dev", "test")) {
                Map<String, Object> s = (Map<String, Object>) metrics.get(split);
                if (s == null) {
                    continue;
                }
                s.forEach((m, v) -> {
                    Map<String, Object> f = (Map<String, Object>) v;
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f |%n", split, m,
                            ((Number) f.get("mean")).doubleValue(), ((Number) f.get("std")).doubleValue()));
                });
            }
        } else {
            sb.append("## Scores of the best dev checkpoint (step ").append(metrics.get("best_step"))
                    .append(" of ").append(metrics.get("steps")).append(")\n\n");
            sb.append("| split | metric | value |\n|---|---|---|\n");
            for (String split : List.of("dev", "test")) {
                Map<String, Object> s = (Map<String, Object>) metrics.get(split);
                if (s == null) {
                    continue;
                }
                ((Map<String, Object>) s.get("metrics")).forEach((m, v) -> sb.append(
                        String.format(Locale.ROOT, "| %s | %s | %.4f |%n", split, m, ((Number) v).doubleValue())));
            }
            sb.append("\n![learning curve](learning-curve.png)\n");
        }
        Object notes = metrics.get("data_notes");
        if (notes instanceof List<?> l && !l.isEmpty()) {
            sb.append("\n## Data notes\n\n");
            l.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        sb.append("\nFiles: `config.yaml` (resolved), `environment.json`, `metrics.json`, `epochs.csv`, `steps.csv`, "
                + "`predictions-*.jsonl`, `model/` (fine-tuned TF checkpoint).\n");
        return sb.toString();
    }
}
