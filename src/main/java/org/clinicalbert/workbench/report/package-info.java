/**
 * {@code workbench report}: a static HTML overview of a results folder that opens from the file system without a
 * network (inline CSS, inline SVG charts, a few lines of inline script to sort tables): an index of every run, sweep
 * and study with compare's table, and one page per run (scores, configuration, learning curves from steps.csv and
 * epochs.csv), per sweep (its candidates, sortable, the best marked) and per study (selection, Table 2 with intervals
 * and the paper's values, links to every run folder and provenance.json).
 *
 * <p>Must not import: {@code cli}, {@code bench}, {@code embed}, {@code spark}, {@code model}, {@code train},
 * {@code hf}, {@code study} (it reads the files the runs wrote, never a model).
 */
package org.clinicalbert.workbench.report;
