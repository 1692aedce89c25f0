package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.runtime.MachineFacts;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Applies a thread count to ND4J and reports what is in effect. Checked on M2.1 (nd4j-native, 2 cores):
 * {@code Environment.setMaxMasterThreads} and {@code Nd4j.factory().blas().setMaxThreads} (OpenBLAS) take effect
 * at run time, but {@code Environment.setMaxThreads} does not: ND4J's own thread pool and OpenMP are sized once,
 * from {@code OMP_NUM_THREADS} (else the core count), when the native library loads. So the environment variable
 * is the one setting that holds everywhere; {@link #effective} shows what actually applies.
 */
public final class ThreadSetup {

    private ThreadSetup() {
    }

    /** Sets ND4J's and BLAS's thread counts to {@code threads}; returns the effective settings. */
    public static Map<String, Object> apply(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        return effective();
    }

    /** The thread settings in effect now, as ND4J reports them. */
    public static Map<String, Object> effective() {
        return MachineFacts.Threads.current().toMap();
    }
}
