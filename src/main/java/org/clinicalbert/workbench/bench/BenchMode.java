package org.clinicalbert.workbench.bench;

/** What one benchmark iteration is. */
public enum BenchMode {
    /** INFERENCE graph, pooled output. */
    FORWARD,
    /** One fine-tuning step: TRAINING graph with dropout, classifier loss, gradients, AdamWeightDecay update. */
    TRAIN,
    /** {@code workbench embed} end to end on a model folder and an input file (see {@link EmbedBenchmark}). */
    EMBED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
