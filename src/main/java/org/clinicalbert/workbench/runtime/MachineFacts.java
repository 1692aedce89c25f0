package org.clinicalbert.workbench.runtime;

import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What a result depends on besides the code and the data: the machine, the JVM, the ND4J backend and native build,
 * the thread settings and the load at the time. One record, under one set of keys ({@link #toMap}), for
 * {@code environment.json}, every benchmark result and {@code provenance.json}. Capturing reads ND4J, so call it
 * after ND4J has loaded (the native build is chosen before, by {@link NativeBuild}).
 *
 * @param loadAverage the one-minute load average, -1 where the platform has none
 * @param threads     null when ND4J was not consulted ({@link #captureHost})
 */
public record MachineFacts(String date, int cores, String os, String java, long maxHeapBytes, String cpuModel,
                           List<String> cpuSimdFlags, String backend, String nd4jClassifier, String nd4jBuildReason,
                           String nd4jLibrary, String blasVendor, String glibcTunables, double loadAverage,
                           Threads threads) {

    /** Above this one-minute load average the figures are suspect on a shared machine. */
    public static final double BUSY_LOAD = 2.0;

    /**
     * The thread settings in effect, as ND4J reports them. {@code OMP_NUM_THREADS} is what sized OpenMP's pool
     * when ND4J loaded (docs/samediff-m2.1.md §11); "(unset)" when it was not set.
     */
    public record Threads(String ompNumThreads, int nd4jMaxThreads, int nd4jMaxMasterThreads, int blasMaxThreads,
                          String ompThreadsReported) {

        public static Threads current() {
            Object omp = Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads");
            return new Threads(System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"),
                    Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
                    Nd4j.factory().blas().getMaxThreads(), omp == null ? null : omp.toString());
        }

        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("OMP_NUM_THREADS", ompNumThreads);
            out.put("nd4j_max_threads", nd4jMaxThreads);
            out.put("nd4j_max_master_threads", nd4jMaxMasterThreads);
            out.put("blas_max_threads", blasMaxThreads);
            if (ompThreadsReported != null) {
                out.put("omp_threads_reported", ompThreadsReported);
            }
            return out;
        }
    }

    /** The one-minute load average, or -1 where the platform has none. */
    public static double currentLoadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Everything, ND4J's backend, build and threads included (loads ND4J if it is not loaded yet). */
    public static MachineFacts capture() {
        NativeBuild.Choice build = NativeBuild.select();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        Object blas = env.get("blas.vendor");
        MachineFacts host = captureHost();
        return new MachineFacts(host.date, host.cores, host.os, host.java, host.maxHeapBytes, host.cpuModel,
                host.cpuSimdFlags, Nd4j.getBackend().getClass().getSimpleName(), build.classifier(), build.reason(),
                NativeBuild.loadedLibrary(), blas == null ? null : blas.toString(), host.glibcTunables,
                host.loadAverage, Threads.current());
    }

    /**
     * The machine and JVM only, without loading ND4J: for the data pipelines' benchmarks, which never touch it
     * (the ND4J fields are null).
     */
    public static MachineFacts captureHost() {
        return new MachineFacts(Instant.now().toString(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory(), NativeBuild.cpuModel(), NativeBuild.simdFlags(), null, null, null,
                null, null, String.valueOf(System.getenv("GLIBC_TUNABLES")), currentLoadAverage(), null);
    }

    /** The facts under the keys every output uses (thread settings flattened in; absent facts left out). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", date);
        m.put("cores", cores);
        m.put("os", os);
        m.put("java", java);
        m.put("max_heap_bytes", maxHeapBytes);
        m.put("cpu_model", cpuModel);
        m.put("cpu_simd_flags", cpuSimdFlags);
        m.put("backend", backend);
        m.put("nd4j_classifier", nd4jClassifier);
        m.put("nd4j_build_reason", nd4jBuildReason);
        m.put("nd4j_library", nd4jLibrary);
        m.put("blas_vendor", blasVendor);
        m.put("GLIBC_TUNABLES", glibcTunables);
        m.put("load_average", loadAverage);
        if (threads != null) {
            m.putAll(threads.toMap());
        }
        m.values().removeIf(Objects::isNull);
        return m;
    }
}
