package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.runtime.NativeBuild;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What a benchmark figure depends on besides the code: CPU, threads, ND4J build, JVM, time, machine load. */
public final class MachineFacts {

    /** Above this one-minute load average the figures are suspect on a shared machine. */
    public static final double BUSY_LOAD = 2.0;

    private MachineFacts() {
    }

    /** The one-minute load average, or -1 where the platform has none. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    public static Map<String, Object> collect() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("date", Instant.now().toString());
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        facts.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        facts.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        // the nd4j-native build that ran (e.g. "linux-x86_64-onednn-avx2") and why it was chosen
        NativeBuild.Choice build = NativeBuild.select();
        facts.put("nd4j_classifier", build.classifier());
        facts.put("nd4j_build_reason", build.reason());
        facts.put("nd4j_library", NativeBuild.loadedLibrary());
        facts.put("cpu_model", NativeBuild.cpuModel());
        facts.put("cpu_simd_flags", NativeBuild.simdFlags());
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        Object blas = env.get("blas.vendor");
        if (blas != null) {
            facts.put("blas_vendor", blas.toString());
        }
        facts.put("GLIBC_TUNABLES", String.valueOf(System.getenv("GLIBC_TUNABLES")));
        facts.putAll(ThreadSetup.effective());
        return facts;
    }
}
