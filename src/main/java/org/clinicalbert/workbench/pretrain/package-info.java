/**
 * Continued MLM + NSP pretraining from a model folder on prepared shards ({@code workbench pretrain}), as google's
 * {@code run_pretraining.py} does it.
 *
 * <p>Must not import: {@code experiment}, {@code runs}, {@code predict}, {@code export}, {@code compare}, {@code
 * cli}, {@code sweep}, {@code study}, {@code spark}, {@code bench}, {@code embed}, {@code report} (the command and
 * the Spark shards call it).
 */
package org.clinicalbert.workbench.pretrain;
