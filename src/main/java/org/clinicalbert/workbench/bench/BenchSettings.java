package org.clinicalbert.workbench.bench;

/** One benchmark run's parameters. */
public record BenchSettings(BenchMode mode, BertBenchSize size, int batch, int seq, int iters, int warmup,
                            int threads) {

    public BenchSettings {
        if (batch <= 0 || seq <= 0 || iters <= 0 || warmup < 0 || threads <= 0) {
            throw new IllegalArgumentException("batch, seq, iters and threads must be positive and warmup >= 0");
        }
        if (seq > size.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("seq " + seq + " exceeds max_position_embeddings "
                    + size.config().maxPositionEmbeddings());
        }
    }

    /** Result file stem, e.g. {@code train-base-b8-s128}. */
    public String stem() {
        return mode.label() + "-" + size.label() + "-b" + batch + "-s" + seq;
    }

    public long tokensPerIter() {
        return (long) batch * seq;
    }
}
