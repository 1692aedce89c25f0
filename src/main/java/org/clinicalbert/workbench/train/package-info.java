/**
 * Training, independent of any task: google's AdamWeightDecay and warm-up/linear-decay schedule, one optimiser
 * step with gradient accumulation ({@link org.clinicalbert.workbench.train.TrainingStep}), the loop with
 * evaluation, best model, early stopping and resumable checkpoints, the BERT task and pretraining models, and
 * batches of graph feeds.
 *
 * <p>Must not import: {@code experiment}, {@code modelfolder}, {@code runs}, {@code predict}, {@code pretrain},
 * {@code export}, {@code compare}, {@code cli}, {@code sweep}, {@code bench}, {@code embed}, {@code hf},
 * {@code checkpoint}, {@code study}, {@code spark} (what a task is and how it is scored comes in through
 * {@code StepModel} and {@code Evaluator}).
 */
package org.clinicalbert.workbench.train;
