/**
 * Model folders on disk, what every command that reads or writes a BERT shares: the two layouts (google's
 * TensorFlow release and Hugging Face's, {@code ModelLayout}), casing, the config checked against the weights,
 * the tokenizer a folder implies, the body run over text ({@code TextEncoder}), the thread policy for a model's
 * size, and a freshly initialised folder ({@code NewModel}).
 *
 * <p>Must not import: {@code experiment}, {@code runs}, {@code predict}, {@code pretrain}, {@code export}, {@code
 * compare}, {@code cli}, {@code sweep}, {@code study}, {@code spark}, {@code bench}, {@code embed}, {@code report}
 * (runs, commands and embeddings read model folders, not the reverse).
 */
package org.clinicalbert.workbench.modelfolder;
