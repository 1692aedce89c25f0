package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.RunMetrics;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable summary of a run's folder: report.md. */
final class RunReport {

    private RunReport() {
    }

    static String markdown(ExperimentConfig config, Map<String, Object> env, RunMetrics metrics) {
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
        if (metrics instanceof RunMetrics.CrossValidated cv) {
            sb.append("## ").append(cv.cvFolds()).append("-fold cross-validation (mean ± sample std)\n\n");
            sb.append("| split | metric | mean | std |\n|---|---|---|---|\n");
            for (String split : List.of("dev", "test")) {
                Map<String, RunMetrics.MetricSummary> s = cv.split(split);
                if (s != null) {
                    s.forEach((m, f) -> sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f |%n", split, m,
                            orNaN(f.mean()), orNaN(f.std()))));
                }
            }
            foldEntityTypes(sb, cv);
        } else if (metrics instanceof RunMetrics.Single single) {
            sb.append("## Scores of the best dev checkpoint (step ").append(single.bestStep())
                    .append(" of ").append(single.steps()).append(")\n\n");
            sb.append("| split | metric | value |\n|---|---|---|\n");
            for (String split : List.of("dev", "test")) {
                single.scores(split).forEach((m, v) -> sb.append(
                        String.format(Locale.ROOT, "| %s | %s | %.4f |%n", split, m, v)));
            }
            for (String split : List.of("dev", "test")) {
                RunMetrics.SplitScores s = single.split(split);
                if (s != null && s.details() != null) {
                    perLabel(sb, split, s.details());
                }
            }
            sb.append("\n![learning curve](learning-curve.png) (the red diamond marks the best checkpoint)\n");
        }
        List<String> notes = metrics.dataNotes();
        if (notes != null && !notes.isEmpty()) {
            sb.append("\n## Data notes\n\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        sb.append("\nFiles: `config.yaml` (resolved), `environment.json`, `metrics.json`, `epochs.csv`, `steps.csv`, "
                + "`predictions-*.jsonl`, `model/` (fine-tuned TF checkpoint).\n");
        return sb.toString();
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** Per class (NLI: precision, recall, F1, support) or per entity type (NER: conlleval's exact-match scores). */
    private static void perLabel(StringBuilder sb, String split, RunMetrics.SplitDetails details) {
        if (details.perClass() != null && !details.perClass().isEmpty()) {
            sb.append("\n### Per class (").append(split).append(")\n\n");
            sb.append("| class | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
            details.perClass().forEach((label, c) -> sb.append(String.format(Locale.ROOT,
                    "| %s | %.4f | %.4f | %.4f | %s |%n", label, c.precision(), c.recall(), c.f1(),
                    c.support() == null ? "—" : c.support().toString())));
        }
        if (details.entityByType() != null && !details.entityByType().isEmpty()) {
            sb.append("\n### Per entity type (").append(split).append(", exact match as conlleval)\n\n");
            sb.append("| type | precision | recall | F1 | gold | predicted | correct |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|\n");
            new java.util.TreeMap<>(details.entityByType()).forEach((type, c) -> sb.append(String.format(Locale.ROOT,
                    "| %s | %.4f | %.4f | %.4f | %d | %d | %d |%n", type, c.precision(), c.recall(), c.f1(), c.gold(),
                    c.predicted(), c.correct())));
        }
    }

    /** Cross-validation: each entity type's F1 as mean ± sample std over the folds that have the type. */
    private static void foldEntityTypes(StringBuilder sb, RunMetrics.CrossValidated metrics) {
        for (String split : List.of("dev", "test")) {
            Map<String, List<Double>> f1 = metrics.entityTypeF1ByFold(split);
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
}
