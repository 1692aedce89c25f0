package org.clinicalbert.workbench.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nd4j-native build this process loads: the fastest one that is on the class path and that the CPU can run,
 * chosen before ND4J loads by setting JavaCPP's {@value #EXTENSION_PROPERTY}. Builds that need AVX2 or AVX-512 are
 * chosen only where /proc/cpuinfo lists those flags, so a CPU never gets an instruction it lacks (SIGILL); the
 * default Maven build ships {@code -onednn} alone, generic x86-64 code that runs on every CPU.
 *
 * <p>Preference order, from measurements in results/bench/README.md: oneDNN builds first (their matmul and
 * layer-norm kernels carry a BERT training step), then the plain ISA builds, then the generic one. A build named
 * explicitly with {@code -D}{@value #EXTENSION_PROPERTY} (e.g. in WORKBENCH_JAVA_OPTS) is left alone.
 */
public final class NativeBuild {

    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static final String PLATFORM = "linux-x86_64";
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** A build: its classifier extension and the CPU flags its code needs. */
    public record Build(String extension, List<String> requiredFlags) {
        public String classifier() {
            return PLATFORM + extension;
        }
    }

    /**
     * Fastest first; the last one needs nothing. Measured on an AVX2 CPU (2 threads, BERT-base training step):
     * {@code -onednn} 16.5 s, generic 19.2 s, {@code -avx2} 20.2 s, {@code -onednn-avx2} 23.8 s, the two AVX2
     * builds at about twice the resident memory, so they rank below the generic build and are never chosen while
     * it is shipped. The AVX-512 oneDNN build ranks first on CPUs that have AVX-512 (shipped with -Pavx512).
     */
    public static final List<Build> PREFERENCE = List.of(
            new Build("-onednn-avx512", List.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma")),
            new Build("-onednn", List.of()),
            new Build("", List.of()),
            new Build("-onednn-avx2", List.of("avx2", "fma")),
            new Build("-avx2", List.of("avx2", "fma")));

    /** The build chosen and why, for logs, environment.json and bench output. */
    public record Choice(String classifier, String reason) {
    }

    private static final Logger log = LoggerFactory.getLogger(NativeBuild.class);
    private static volatile Choice chosen;

    private NativeBuild() {
    }

    /**
     * Chooses and sets the build once per process (before the first ND4J call); later calls return the same
     * choice.
     */
    public static Choice select() {
        Choice c = chosen;
        if (c != null) {
            return c;
        }
        synchronized (NativeBuild.class) {
            if (chosen == null) {
                String preset = System.getProperty(EXTENSION_PROPERTY);
                if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
                    // other platforms (built with -Djavacpp.platform=...) ship one build: JavaCPP finds it itself
                    chosen = new Choice(System.getProperty("os.name") + "-" + System.getProperty("os.arch"),
                            "not linux-x86_64: the platform's own build");
                } else if (preset != null) {
                    chosen = new Choice(PLATFORM + preset, "set with -D" + EXTENSION_PROPERTY);
                } else {
                    Set<String> flags = cpuFlags();
                    chosen = choose(flags, NativeBuild::onClassPath);
                    // say so when a faster build was shipped but this CPU cannot run it (the SIGILL it avoids)
                    PREFERENCE.stream().filter(NativeBuild::onClassPath).findFirst()
                            .filter(fastest -> !fastest.classifier().equals(chosen.classifier()))
                            .ifPresent(fastest -> log.info("nd4j-native: this CPU lacks {} for {}; using {}",
                                    fastest.requiredFlags().stream().filter(f -> !flags.contains(f)).toList(),
                                    fastest.classifier(), chosen.classifier()));
                    log.debug("nd4j-native build {} ({})", chosen.classifier(), chosen.reason());
                    String ext = chosen.classifier().substring(PLATFORM.length());
                    if (!ext.isEmpty()) {
                        System.setProperty(EXTENSION_PROPERTY, ext);
                    }
                }
            }
            return chosen;
        }
    }

    /** The fastest build of {@link #PREFERENCE} that is {@code shipped} and whose flags the CPU has. */
    public static Choice choose(Set<String> cpuFlags, Predicate<Build> shipped) {
        for (Build b : PREFERENCE) {
            if (!shipped.test(b)) {
                continue;
            }
            if (cpuFlags.containsAll(b.requiredFlags())) {
                String why = b.requiredFlags().isEmpty() ? "generic x86-64 code" : "CPU has " + String.join(", ",
                        b.requiredFlags().stream().filter(f -> !f.equals("fma")).distinct().toList());
                return new Choice(b.classifier(), why);
            }
        }
        return new Choice(PLATFORM, "generic x86-64 code");
    }

    /** Whether the build's native library is on the class path (its jar was downloaded by the Maven build). */
    static boolean onClassPath(Build b) {
        String resource = "org/nd4j/linalg/cpu/nativecpu/bindings/" + b.classifier() + "/libnd4jcpu.so";
        return NativeBuild.class.getClassLoader().getResource(resource) != null;
    }

    /**
     * The nd4j-native library this process has actually mapped (the file under JavaCPP's cache, whose path names
     * the jar it came from), from /proc/self/maps; "not loaded" before ND4J loads.
     */
    public static String loadedLibrary() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int at = line.indexOf('/');
                if (at >= 0 && line.endsWith("/libnd4jcpu.so")) {
                    return line.substring(at);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "not loaded";
    }

    /** The CPU's model name from /proc/cpuinfo, or "unknown". */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(CPUINFO)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }

    /** The vector-instruction flags of this CPU that decide the build (sse4_2, avx, avx2, fma, avx512*). */
    public static List<String> simdFlags() {
        return cpuFlags().stream().filter(f -> f.startsWith("avx") || f.equals("fma") || f.equals("sse4_2"))
                .sorted().toList();
    }

    /** The {@code flags} of /proc/cpuinfo's first processor (lower case); empty where unreadable. */
    static Set<String> cpuFlags() {
        try {
            return parseFlags(Files.readAllLines(CPUINFO));
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    static Set<String> parseFlags(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            if (line.startsWith("flags")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().toLowerCase(Locale.ROOT)
                            .split("\\s+")));
                }
            }
        }
        return Set.of();
    }
}
