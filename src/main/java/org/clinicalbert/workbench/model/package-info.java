/**
 * BERT as a SameDiff graph, numerically google's {@code modeling.py} / {@code run_pretraining.py} /
 * {@code run_classifier.py}.
 *
 * <ul>
 *   <li>{@link org.clinicalbert.workbench.model.BertConfig}: {@code bert_config.json}.</li>
 *   <li>{@link org.clinicalbert.workbench.model.BertGraph}: the body (embeddings, encoder, pooler), in
 *       TRAINING (dropout masks as placeholders) or INFERENCE mode; heads
 *       {@link org.clinicalbert.workbench.model.MaskedLmHead}, {@link org.clinicalbert.workbench.model.NextSentenceHead},
 *       {@link org.clinicalbert.workbench.model.SequenceClassifierHead},
 *       {@link org.clinicalbert.workbench.model.TokenClassifierHead} attach to it.</li>
 *   <li>{@link org.clinicalbert.workbench.model.BertWeights}: checkpoint tensors in, with the shape check;
 *       google initialisation for absent heads.</li>
 *   <li>{@link org.clinicalbert.workbench.model.BertGradients}: loss and all gradients per step, with the
 *       memory-frugal cached gradient function.</li>
 * </ul>
 *
 * <p>Names: every SameDiff variable has its TF checkpoint name verbatim ({@code bert/encoder/layer_3/...},
 * {@code cls/predictions/output_bias}, classifier {@code output_weights}/{@code output_bias}), so no mapping
 * function is needed. Placeholders are google's feature names ({@code input_ids}, {@code input_mask},
 * {@code token_type_ids} (google: segment_ids), {@code masked_lm_positions}, {@code masked_lm_ids},
 * {@code masked_lm_weights}, {@code next_sentence_labels}, {@code label_ids}) plus {@code label_weights}
 * (token classification) and {@code dropout_mask_N} (training).
 *
 * <p>A training step's feed: {@code graph.feed(ids, types, mask)} + the head's label placeholders +
 * {@code graph.dropoutMasks(B, T, stepSeed)}. Run a graph only through {@code BertGraph.output} or
 * {@code BertGradients.compute}: they look the word vectors up for the batch ({@code WordLookup}); a direct
 * {@code sameDiff().output(...)} would silently use the previous batch's vectors.
 *
 * <p>Must not import: {@code hf}, {@code data}, {@code tokenize}, {@code train}, {@code experiment},
 * {@code modelfolder}, {@code runs}, {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli},
 * {@code eval}, {@code sweep}, {@code bench}, {@code embed}, {@code study}, {@code spark} (the model knows tensors by
 * name, not files, data or training; {@code modelfolder.ModelFolder} reads folders and hands it name→array maps). From
 * {@code checkpoint} it uses only google's naming of variables ({@code VariableKind}: which names are optimiser slots),
 * never a reader.
 */
package org.clinicalbert.workbench.model;
