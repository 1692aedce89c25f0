package org.clinicalbert.workbench.modelfolder;

import org.clinicalbert.workbench.model.BertConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native thread count by model size. A tiny graph is dominated by per-op overhead, where extra OpenMP threads
 * only add synchronisation (the demo: 7.9 s with one thread, 31.6 s with two on 2 cores); BERT-base-sized
 * products gain from every core. OpenMP reads OMP_NUM_THREADS once when the native library loads and the
 * setting cannot be lowered as well afterwards, so the launcher starts at 1 (and says so with
 * WORKBENCH_AUTO_THREADS=1) and large models raise the BLAS and master-thread counts here (at M2.1
 * {@code Environment.setMaxThreads} has no effect; those two do). An OMP_NUM_THREADS set by the user is left alone.
 */
public final class ThreadPolicy {

    private static final Logger log = LoggerFactory.getLogger(ThreadPolicy.class);
    /** Below this hidden size one thread is faster. */
    static final int SMALL_HIDDEN = 256;
    /**
     * System property capping the threads one run may raise to: set by the Spark runner when N tasks share one JVM
     * ({@code local[N]}), so N concurrent BERT-base runs do not each claim every core.
     */
    public static final String TASK_THREADS_PROPERTY = "workbench.task.threads";

    private ThreadPolicy() {
    }

    public static void apply(BertConfig config) {
        if (!"1".equals(System.getenv("WORKBENCH_AUTO_THREADS"))) {
            return;
        }
        int threads = config.hiddenSize() < SMALL_HIDDEN ? 1 : Runtime.getRuntime().availableProcessors();
        Integer cap = Integer.getInteger(TASK_THREADS_PROPERTY);
        if (cap != null && cap >= 1) {
            threads = Math.min(threads, cap); // several tasks share this JVM's cores (Spark local[N])
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        log.info("hidden size {}: {} native thread(s)", config.hiddenSize(), threads);
    }
}
