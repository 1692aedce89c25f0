/**
 * TensorFlow V2 checkpoints without TensorFlow: the {@code .index} LevelDB table and its protobuf entries, the
 * data shard, reading ({@link org.clinicalbert.workbench.checkpoint.TfCheckpointReader}) and byte-exact writing
 * ({@link org.clinicalbert.workbench.checkpoint.TfCheckpointWriter}), the masked CRC32C, TFRecord framing (pretraining
 * instances, TensorBoard event files), and what a variable is
 * ({@link org.clinicalbert.workbench.checkpoint.VariableKind}: weight, optimiser slot or bookkeeping).
 * Tensors go in and out as ND4J arrays by name; what the names mean to BERT is {@code model}'s business.
 *
 * <p>Must not import: {@code model}, {@code hf}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code data}, {@code tokenize},
 * {@code eval}, {@code study}, {@code spark} (it is a file format, below every user of it).
 */
package org.clinicalbert.workbench.checkpoint;
