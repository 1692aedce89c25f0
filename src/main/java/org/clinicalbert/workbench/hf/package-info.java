/**
 * Hugging Face model folders without Python: safetensors, {@code pytorch_model.bin} through a restricted pickle
 * interpreter, transformers' names mapped to google's and back, and {@code config.json}.
 *
 * <p>Must not import: {@code train}, {@code experiment}, {@code modelfolder}, {@code runs}, {@code predict},
 * {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code sweep}, {@code bench}, {@code embed},
 * {@code data}, {@code study}, {@code spark} (it converts files to google's names; using them is the model's and the
 * runner's).
 */
package org.clinicalbert.workbench.hf;
