/**
 * The corpora: readers and writers of every data format the study uses, each in its sub-package
 * ({@code mednli}, {@code i2b2}, {@code ner}, {@code mimic}, {@code pretrain}, {@code features}, {@code synth}).
 * This package itself holds no classes.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code eval}, {@code bench}, {@code sweep}, {@code embed}, {@code study}, {@code spark} (data is read the same
 * whatever model or run uses it).
 */
package org.clinicalbert.workbench.data;
