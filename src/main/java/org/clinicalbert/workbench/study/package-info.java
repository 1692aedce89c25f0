/**
 * The whole study in one command: per (task, initialisation) a grid scored on dev only, the best configuration
 * chosen on dev, final runs of it scored once on test (seeds, or the folds of cross-validation), and the paper's
 * Table 2 with intervals and significance. Phases run through {@link org.clinicalbert.workbench.study.StudyExecutor}
 * (the local sequential one here; a distributed one plugs in without touching the phases).
 * <p>
 * It builds on {@code sweep} (grids), {@code experiment} (runs) and {@code experiment.compare} (the table, the
 * bootstrap); it must not import {@code cli} (the command calls it, not the other way round), nor the
 * model package: every training run goes through the experiment runner.
 */
package org.clinicalbert.workbench.study;
