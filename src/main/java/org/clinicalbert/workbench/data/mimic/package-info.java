/**
 * MIMIC-III {@code NOTEEVENTS.csv}: the streaming CSV reader, the DataVec {@code TransformProcess} pipeline
 * (locally or on Spark), note formatting into one sentence per line (sections, de-id placeholders, clinical
 * sentence splitting), and the resumable sharded writer behind {@code mimic format}.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code eval}, {@code study}, {@code spark} (readers do not depend on who calls them).
 */
package org.clinicalbert.workbench.data.mimic;
