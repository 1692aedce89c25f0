/**
 * Benchmarks and the facts a figure depends on: BERT forward and training-step timing ({@link
 * org.clinicalbert.workbench.bench.BertBenchmark}, the same model and {@code TrainingStep} as a run), the PyTorch
 * baseline run as a subprocess ({@link org.clinicalbert.workbench.bench.TorchBaseline}), per-op timing, thread
 * set-up, and the throughput of the data pipelines (MIMIC formatting, pretraining instances). Results are JSON
 * and Markdown under {@code results/bench/}.
 *
 * <p>Must not import: {@code cli}, {@code experiment}, {@code sweep}, {@code embed} (a benchmark times the library
 * layers directly, not through a run).
 */
package org.clinicalbert.workbench.bench;
