/**
 * MedNLI's jsonl (SNLI layout): reading with the skip policy for records without a gold label, writing, and
 * statistics.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code eval}, {@code data.synth}, {@code study}, {@code spark} (readers do not depend on who calls them).
 */
package org.clinicalbert.workbench.data.mednli;
