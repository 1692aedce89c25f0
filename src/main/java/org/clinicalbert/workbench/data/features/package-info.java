/**
 * Examples to model inputs as google's run_classifier does: a sentence (pair) to {@code [CLS] a [SEP] b [SEP]}
 * ids, segments and mask ({@link org.clinicalbert.workbench.data.features.SentencePairEncoder}); a tagged
 * sentence to word-piece windows with each word's label on its first piece
 * ({@link org.clinicalbert.workbench.data.features.NerWindowEncoder}).
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code eval}, {@code study}, {@code spark} (features are plain int arrays, the graph feeds are made in
 * {@code train}).
 */
package org.clinicalbert.workbench.data.features;
