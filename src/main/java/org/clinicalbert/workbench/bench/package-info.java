/**
 * Benchmarks and the facts a figure depends on: BERT forward and training-step timing ({@link
 * org.clinicalbert.workbench.bench.BertBenchmark}, the same model and {@code TrainingStep} as a run), the PyTorch
 * baseline run as a subprocess ({@link org.clinicalbert.workbench.bench.TorchBaseline}), per-op timing, thread
 * set-up, the throughput of the data pipelines (MIMIC formatting, pretraining instances) and of corpus embedding
 * ({@link org.clinicalbert.workbench.bench.EmbedBenchmark}, the {@code embed} job itself). Results are JSON and
 * Markdown under {@code results/bench/}.
 *
 * <p>Must not import: {@code cli}, {@code experiment}, {@code modelfolder}, {@code runs}, {@code predict},
 * {@code pretrain}, {@code export}, {@code compare}, {@code sweep}, {@code study}, {@code spark} (a benchmark times the
 * library layers directly, the embed job included, not through a run).
 */
package org.clinicalbert.workbench.bench;
