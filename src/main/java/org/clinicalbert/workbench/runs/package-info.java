/**
 * Run bookkeeping, the same for a run, a sweep and a study folder: the folder and its lock, {@code status.json}
 * (kept current while the work goes on, final once it ended), the progress files and learning-curve CSVs, the
 * scores in {@code metrics.json}, and how a folder's state reads to the user.
 *
 * <p>Must not import: {@code model}, {@code hf}, {@code checkpoint}, {@code tokenize}, {@code data}, {@code
 * modelfolder}, {@code experiment}, {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli},
 * {@code sweep}, {@code study}, {@code spark}, {@code bench}, {@code embed}, {@code report} (every kind of work keeps
 * its books here; the books know nothing of the work).
 */
package org.clinicalbert.workbench.runs;
