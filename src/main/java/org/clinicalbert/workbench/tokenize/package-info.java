/**
 * google's {@code tokenization.py} re-written token for token: basic tokenizer, WordPiece, vocabulary and
 * the vocabulary builder of {@code new-model}; and the BERT tokenizer of the tokenizers library as a
 * {@code tokenizer.json} describes it (normalizer, pre-tokenizer, added tokens), which transformers 5 folders carry.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code data}, {@code eval}, {@code study}, {@code spark} (tokenising text needs nothing but the vocabulary).
 */
package org.clinicalbert.workbench.tokenize;
