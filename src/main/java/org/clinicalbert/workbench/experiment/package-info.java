/**
 * One experiment end to end: the run folder and its lock, the model folder (TF or Hugging Face layout, casing),
 * the task's data and how its predictions are scored ({@code NliTaskRun}, {@code NerTaskRun}), the runner,
 * prediction on new text, pretraining and model export.
 *
 * <p>Must not import: {@code cli}, {@code sweep}, {@code bench}, {@code embed}, {@code study}, {@code spark} (sweeps,
 * embeddings and commands build on runs).
 */
package org.clinicalbert.workbench.experiment;
