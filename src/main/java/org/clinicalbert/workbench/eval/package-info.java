/**
 * Scoring: conlleval.pl's entity F1 exactly ({@link org.clinicalbert.workbench.eval.ConllEval}, including BIO
 * chunking), classification metrics and confusion matrices, k-fold splits, mean ± std over folds, and the paired
 * bootstrap.
 *
 * <p>Must not import: {@code model}, {@code train}, {@code experiment}, {@code modelfolder}, {@code runs},
 * {@code predict}, {@code pretrain}, {@code export}, {@code compare}, {@code cli}, {@code hf}, {@code checkpoint},
 * {@code data}, {@code tokenize}, {@code study}, {@code spark} (scores are computed from labels, independent of how
 * they were predicted).
 */
package org.clinicalbert.workbench.eval;
