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

    static final String STEPS_HEADER = "step,epoch,loss,learning_rate,grad_norm\n";

    static String stepsCsv(TrainingState state) {
        StringBuilder sb = new StringBuilder(STEPS_HEADER);
        state.steps.forEach(r -> sb.append(stepRow(r)));
        return sb.toString();
    }

    /** One steps.csv line (epochs 1-based, as everywhere the user reads them). */
    static String stepRow(TrainingState.StepRecord r) {
        return String.format(Locale.ROOT, "%d,%d,%.6f,%.6e,%.6f%n", r.step(), r.epoch() + 1, r.loss(),
                r.learningRate(), r.gradNorm());
    }

    /** One row per dev evaluation (after each epoch, and every N steps if asked). */
    static String evaluationsCsv(TrainingState state) {
        TreeSet<String> names = new TreeSet<>();
        state.evaluations.forEach(e -> names.addAll(e.metrics().keySet()));
        List<String> cols = new ArrayList<>(names);
        StringBuilder sb = new StringBuilder(evaluationsHeader(cols));
        state.evaluations.forEach(e -> sb.append(evaluationRow(e, cols)));
        return sb.toString();
    }

    /** The metric columns of epochs.csv for evaluations reporting {@code metrics}: sorted by name. */
    static List<String> evaluationColumns(java.util.Collection<String> metrics) {
        return new ArrayList<>(new TreeSet<>(metrics));
    }

    static String evaluationsHeader(List<String> cols) {
        StringBuilder sb = new StringBuilder("step,epoch,score");
        cols.forEach(c -> sb.append(",dev_").append(c));
        return sb.append('\n').toString();
    }

    static String evaluationRow(TrainingState.EvalRecord e, List<String> cols) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.step()).append(',').append(e.epoch() + 1).append(',')
                .append(String.format(Locale.ROOT, "%.6f", e.score()));
        for (String c : cols) {
            Double v = e.metrics().get(c);
            sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6f", v));
        }
        return sb.append('\n').toString();
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
            for (String split : List.of("dev", "test")) {
                if (metrics.get(split) instanceof Map<?, ?> s && s.get("details") instanceof Map<?, ?> d) {
                    perLabel(sb, split, (Map<String, Object>) d);
                }
            }
            sb.append("\n![learning curve](learning-curve.png) (the red diamond marks the best checkpoint)\n");
        }
        if (metrics.containsKey("cv_folds")) {
            foldEntityTypes(sb, metrics);
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

    /** Per class (NLI: precision, recall, F1, support) or per entity type (NER: conlleval's exact-match scores). */
    @SuppressWarnings("unchecked")
    private static void perLabel(StringBuilder sb, String split, Map<String, Object> details) {
        if (details.get("per_class") instanceof Map<?, ?> perClass && !perClass.isEmpty()) {
            sb.append("\n### Per class (").append(split).append(")\n\n");
            sb.append("| class | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
            ((Map<String, Object>) perClass).forEach((label, v) -> {
                Map<String, Object> c = (Map<String, Object>) v;
                sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %d |%n", label, num(c, "precision"),
                        num(c, "recall"), num(c, "f1"), ((Number) c.get("support")).longValue()));
            });
        }
        if (details.get("entity_by_type") instanceof Map<?, ?> byType && !byType.isEmpty()) {
            sb.append("\n### Per entity type (").append(split).append(", exact match as conlleval)\n\n");
            sb.append("| type | precision | recall | F1 | gold | predicted | correct |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|\n");
            new java.util.TreeMap<>((Map<String, Object>) byType).forEach((type, v) -> {
                Map<String, Object> c = (Map<String, Object>) v;
                sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %d | %d | %d |%n", type,
                        num(c, "precision"), num(c, "recall"), num(c, "f1"), ((Number) c.get("gold")).longValue(),
                        ((Number) c.get("predicted")).longValue(), ((Number) c.get("correct")).longValue()));
            });
        }
    }

    /** Cross-validation: each entity type's F1 as mean ± sample std over the folds that have the type. */
    @SuppressWarnings("unchecked")
    private static void foldEntityTypes(StringBuilder sb, Map<String, Object> metrics) {
        if (!(metrics.get("folds") instanceof List<?> folds)) {
            return;
        }
        for (String split : List.of("dev", "test")) {
            Map<String, List<Double>> f1 = new java.util.TreeMap<>();
            for (Object fold : folds) {
                if (fold instanceof Map<?, ?> m && m.get(split) instanceof Map<?, ?> s
                        && s.get("details") instanceof Map<?, ?> d && d.get("entity_by_type") instanceof Map<?, ?> t) {
                    ((Map<String, Object>) t).forEach((type, v) -> f1.computeIfAbsent(type, k -> new ArrayList<>())
                            .add(num((Map<String, Object>) v, "f1")));
                }
            }
            if (f1.isEmpty()) {
                continue;
            }
            sb.append("\n### F1 per entity type (").append(split).append(", over folds)\n\n");
            sb.append("| type | mean | std | folds |\n|---|---:|---:|---:|\n");
            f1.forEach((type, values) -> {
                var summary = org.clinicalbert.workbench.eval.Aggregate.of(type, values);
                sb.append(String.format(Locale.ROOT, "| %s | %.4f | %s | %d |%n", type, summary.mean(),
                        values.size() < 2 ? "—" : String.format(Locale.ROOT, "%.4f", summary.std()), values.size()));
            });
        }
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
