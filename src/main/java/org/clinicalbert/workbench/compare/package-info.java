/**
 * The paper's Table 2 from finished run folders: scanning results folders, grouping runs by task and
 * initialisation, Markdown/CSV/JSON/PNG reports and the paired bootstrap between two runs' predictions.
 *
 * <p>Must not import: {@code cli}, {@code sweep}, {@code study}, {@code bench}, {@code embed}, {@code spark},
 * {@code report}, {@code model}, {@code train}, {@code hf}, {@code checkpoint}, {@code tokenize}, {@code data},
 * {@code modelfolder}, {@code predict}, {@code pretrain}, {@code export} (it reads the files runs wrote; commands
 * use it, not the reverse).
 */
package org.clinicalbert.workbench.compare;
