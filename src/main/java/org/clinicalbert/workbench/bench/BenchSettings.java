package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.io.UserInputException;

/**
 * One benchmark run's parameters. {@code accum} > 1 trains an optimiser step of {@code batch} examples as
 * {@code accum} micro-batches (gradient accumulation, as the workbench trains batches that do not fit in memory).
 */
public record BenchSettings(BenchMode mode, BertBenchSize size, int batch, int seq, int iters, int warmup,
                            int threads, int accum) {

    public BenchSettings(BenchMode mode, BertBenchSize size, int batch, int seq, int iters, int warmup, int threads) {
        this(mode, size, batch, seq, iters, warmup, threads, 1);
    }

    public BenchSettings {
        if (accum < 1 || batch % accum != 0) {
            throw new UserInputException("accum must be >= 1 and divide batch, got " + accum);
        }
        if (batch <= 0 || seq <= 0 || iters <= 0 || warmup < 0 || threads <= 0) {
            throw new UserInputException("batch, seq, iters and threads must be positive and warmup >= 0");
        }
        if (seq > size.config().maxPositionEmbeddings()) {
            throw new UserInputException("seq " + seq + " exceeds max_position_embeddings "
                    + size.config().maxPositionEmbeddings());
        }
    }

    /** Result file stem, e.g. {@code train-base-b8-s128}. */
    public String stem() {
        return mode.label() + "-" + size.label() + "-b" + batch + "-s" + seq + (accum > 1 ? "-accum" + accum : "");
    }

    public int microBatch() {
        return batch / accum;
    }

    public long tokensPerIter() {
        return (long) batch * seq;
    }
}
