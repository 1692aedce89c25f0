/**
 * A fine-tuned run or a pretraining output handed back as a model folder others load ({@code workbench export}):
 * Hugging Face or TensorFlow layout, with the tokenizer files and a model card.
 *
 * <p>Must not import: {@code experiment}, {@code predict}, {@code pretrain}, {@code compare}, {@code cli}, {@code
 * sweep}, {@code study}, {@code spark}, {@code bench}, {@code embed}, {@code report} (the command calls it).
 */
package org.clinicalbert.workbench.export;
