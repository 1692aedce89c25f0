package org.clinicalbert.workbench.experiment.compare;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper-style results table: one row per initialisation, one column per task.
 *
 * @param tasks        column task ids, in the study's order
 * @param metrics      the metric shown for each task
 * @param best         per task, the keys of the rows with the highest mean (ties all marked)
 * @param entityTypes  per NER task, per row key, entity type to F1
 * @param notes        caveats the reader should see (e.g. runs pooled despite different settings)
 */
public record ComparisonTable(String split, List<String> tasks, Map<String, String> metrics, List<Row> rows,
                              Map<String, Set<String>> best, Map<String, Map<String, Map<String, Double>>> entityTypes,
                              List<String> notes) {

    /**
     * @param key   the initialisation ({@code model.init}, else {@code model.path})
     * @param label the paper's row name when the registry knows the initialisation, else the key
     * @param cells task id to cell; a task without runs has no entry
     */
    public record Row(String key, String label, Map<String, Cell> cells) {
    }

    public boolean isBest(String task, Row row) {
        return best.getOrDefault(task, Set.of()).contains(row.key());
    }
}
