/**
 * A fine-tuned run applied to new text ({@code workbench predict}): sentence pairs classified or sentences tagged,
 * with the run's own tokenizer and labels, refused when the input is of another task's kind.
 *
 * <p>Must not import: {@code experiment}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code
 * sweep}, {@code study}, {@code spark}, {@code bench}, {@code embed}, {@code report} (the command calls it).
 */
package org.clinicalbert.workbench.predict;
