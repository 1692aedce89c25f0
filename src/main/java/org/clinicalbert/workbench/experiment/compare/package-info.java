/**
 * The paper's Table 2 from finished run folders: scanning results folders, grouping runs by task and
 * initialisation, Markdown/CSV/JSON/PNG reports and the paired bootstrap between two runs' predictions.
 *
 * <p>Must not import: {@code cli}, {@code sweep}, {@code bench}, {@code embed} (commands use it, not the reverse).
 */
package org.clinicalbert.workbench.experiment.compare;
