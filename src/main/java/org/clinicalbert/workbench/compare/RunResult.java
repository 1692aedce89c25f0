package org.clinicalbert.workbench.compare;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a comparison needs from one finished run folder, for one split.
 *
 * @param runId          the run folder's name (a timestamp, so newer runs sort later)
 * @param initialisation {@code model.init} of the resolved config, else {@code model.path}
 * @param seed           {@code train.seed}, or null when the config has none
 * @param scores         metric name to score on the chosen split
 * @param entityTypeF1   NER only: entity type to F1 on the chosen split (mean over folds for CV runs); empty otherwise
 * @param cvFolds        number of folds for a cross-validation run, else 0
 * @param settings       the resolved config without its name, output folder and training seed: runs with equal
 *                       settings are repeats of one experiment that differ only in seed
 * @param experiment     the config's {@code name}
 * @param sweep          for a sweep's candidate run, the sweep's folder; null for a run of the experiment
 */
public record RunResult(Path dir, String runId, String task, String initialisation, Long seed,
                        Map<String, Score> scores, Map<String, Double> entityTypeF1, int cvFolds, String settings,
                        String experiment, Path sweep) {

    public RunResult {
        scores = Map.copyOf(scores);
        entityTypeF1 = Map.copyOf(entityTypeF1);
    }

    /** The first 8 hex digits of the SHA-256 of {@link #settings}: names a configuration in tables. */
    public String configHash() {
        return org.clinicalbert.workbench.io.Sha256.of(settings).substring(0, 8);
    }

    /** This run as a candidate of the sweep in {@code sweepDir}. */
    public RunResult asCandidateOf(Path sweepDir) {
        return new RunResult(dir, runId, task, initialisation, seed, scores, entityTypeF1, cvFolds, settings,
                experiment, sweepDir);
    }

    /**
     * Runs of one configuration: same experiment name and settings (seeds and folds may differ), and the same
     * sweep: a sweep's candidate is never pooled with the experiment's own runs, even with equal settings.
     */
    public String configuration() {
        return experiment + "\u0000" + settings + "\u0000" + (sweep == null ? "" : sweep.toString());
    }
}
