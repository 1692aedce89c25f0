/**
 * TensorBoard's files without TensorFlow or Python: {@code events.out.tfevents.*} event files (TFRecord framing
 * from {@code checkpoint}, {@code Event} and {@code Summary} protos) written and read back
 * ({@link org.clinicalbert.workbench.tensorboard.EventFileWriter}, {@link org.clinicalbert.workbench.tensorboard.EventFiles}),
 * scalar and text summaries ({@link org.clinicalbert.workbench.tensorboard.Summaries}) and the HParams plugin's
 * records ({@link org.clinicalbert.workbench.tensorboard.HParamsRecords}). What a run logs is the business of the
 * packages above (experiment, sweep, study).
 *
 * <p>Must not import: {@code model}, {@code hf}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code sweep}, {@code study},
 * {@code bench}, {@code embed}, {@code spark}, {@code data}, {@code tokenize}, {@code eval} (it is a file format, below
 * every user of it).
 */
package org.clinicalbert.workbench.tensorboard;
