package org.clinicalbert.workbench.compare;

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
     * @param key     the initialisation ({@code model.init}, else {@code model.path}); with several configurations
     *                of one initialisation, the second and later rows add {@code #2}, {@code #3}
     * @param label   the paper's row name when the registry knows the initialisation, else the initialisation
     * @param cells   task id to cell; a task without runs has no entry
     * @param variant which configuration(s) the row holds ("demo, config 1a2b3c4d"), null when the
     *                initialisation has one configuration per task
     */
    public record Row(String key, String label, Map<String, Cell> cells, String variant) {

        public Row(String key, String label, Map<String, Cell> cells) {
            this(key, label, cells, null);
        }

        /** The label with the configuration, where one initialisation has several. */
        public String displayLabel() {
            return variant == null ? label : label + " (" + variant + ")";
        }
    }

    public boolean isBest(String task, Row row) {
        return best.getOrDefault(task, Set.of()).contains(row.key());
    }
}
