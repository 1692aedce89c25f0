/**
 * What every NER corpus shares: entity spans, the BIO tagger that turns spans over a text into tagged
 * sentences, span validation and issue reports, label sets, CoNLL files, and the dev split carved by document.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code eval}, {@code data.i2b2}, {@code data.synth}, {@code study}, {@code spark} (the i2b2 readers build on it, not
 * the other way round).
 */
package org.clinicalbert.workbench.data.ner;
