/**
 * The whole study in one command: per (task, initialisation) a grid scored on dev only, the best configuration
 * chosen on dev, final runs of it scored once on test (seeds, or the folds of cross-validation), and the paper's
 * Table 2 with intervals and significance. Phases run through {@link org.clinicalbert.workbench.study.StudyExecutor}
 * (the local sequential one here; a distributed one plugs in without touching the phases).
 * <p>
 * It builds on {@code sweep} (grids), {@code experiment} (runs), {@code runs} (their folders and status) and
 * {@code compare} (the table, the bootstrap); every training run goes through the experiment runner.
 *
 * <p>Must not import: {@code cli}, {@code spark}, {@code bench}, {@code embed}, {@code report}, {@code model},
 * {@code hf}, {@code checkpoint}, {@code tokenize}, {@code data}, {@code modelfolder}, {@code predict},
 * {@code pretrain}, {@code export} (the command and the Spark driver call it, not the other way round; it trains and
 * scores only through the experiment runner, of {@code train} it sees only the progress listener).
 */
package org.clinicalbert.workbench.study;
