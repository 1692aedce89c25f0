package org.clinicalbert.workbench.experiment.compare;

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
 */
public record RunResult(Path dir, String runId, String task, String initialisation, Long seed,
                        Map<String, Score> scores, Map<String, Double> entityTypeF1, int cvFolds, String settings) {

    public RunResult {
        scores = Map.copyOf(scores);
        entityTypeF1 = Map.copyOf(entityTypeF1);
    }
}
