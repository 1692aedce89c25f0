/**
 * Format-exact synthetic corpora (MIMIC {@code NOTEEVENTS.csv}, MedNLI, i2b2 2006/2010/2012/2014) with
 * deterministic content, so every reader and the demo run without credentialed data.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code eval}, {@code study}, {@code spark} (it writes files in the release formats; it may use the data packages'
 * value types).
 */
package org.clinicalbert.workbench.data.synth;
