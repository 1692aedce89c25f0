package org.clinicalbert.workbench.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident-set figures of this process from {@code /proc/self/status} (Linux): ND4J's buffers are native, so the
 * Java heap alone says little about a step's memory. {@code -1} where the file or field is unavailable.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private ProcessMemory() {
    }

    /** Peak resident set size ({@code VmHWM}) in bytes. */
    public static long peakRssBytes() {
        return field("VmHWM:");
    }

    /** Current resident set size ({@code VmRSS}) in bytes. */
    public static long rssBytes() {
        return field("VmRSS:");
    }

    /** The machine's physical memory ({@code MemTotal} of /proc/meminfo) in bytes. */
    public static long totalBytes() {
        return field(MEMINFO, "MemTotal:");
    }

    static long field(String name) {
        return field(STATUS, name);
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return parseKilobytes(line.substring(name.length()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** {@code "  123456 kB"} to bytes. */
    public static long parseKilobytes(String value) {
        String[] parts = value.trim().split("\\s+");
        long kb = Long.parseLong(parts[0]);
        return kb * 1024;
    }
}
