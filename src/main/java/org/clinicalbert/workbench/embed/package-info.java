/**
 * Corpus embeddings: texts cut into windows and encoded with a model folder, pooled, streamed into a
 * resumable {@code embeddings.npy} + {@code ids.jsonl} + {@code embed.json} folder; exact cosine nearest neighbours
 * over such a folder, memory-mapped.
 *
 * <p>Must not import: {@code cli}, {@code sweep}, {@code study}, {@code bench}, {@code experiment}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code report}, {@code spark} (commands use it,
 * not the reverse; it reads model folders, never runs).
 */
package org.clinicalbert.workbench.embed;
