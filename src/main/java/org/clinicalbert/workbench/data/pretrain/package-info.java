/**
 * google's {@code create_pretraining_data.py} reproduced instance for instance (Python's random generator
 * included), and the shard formats: the workbench's binary {@code .cbpt} and TFRecord {@code tf.train.Example}s.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code eval},
 * {@code study}, {@code spark} (instances are data; batching them into graph feeds is {@code train}'s).
 */
package org.clinicalbert.workbench.data.pretrain;
