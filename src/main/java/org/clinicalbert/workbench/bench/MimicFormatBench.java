package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.data.mimic.FormatSummary;
import org.clinicalbert.workbench.data.mimic.MimicFormatJob;
import org.clinicalbert.workbench.data.mimic.MimicNotesPipeline;
import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.FileTrees;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.runtime.MachineFacts;
import org.clinicalbert.workbench.runtime.ProcessMemory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Formatting throughput and memory on synthetic NOTEEVENTS of several sizes ({@code workbench bench mimic-format
 * --megabytes 100,1024}). Each size is a fresh synthetic CSV in a temporary folder and a fresh output; memory is the
 * peak heap used (sampled every 50 ms, reset per size) and the process's peak RSS. Writes {@code mimic-format.json}
 * and {@code mimic-format.md} under the results folder.
 */
public final class MimicFormatBench {

    /** The stem of the result files. */
    public static final String STEM = "mimic-format";

    private MimicFormatBench() {
    }

    /**
     * Formats a synthetic NOTEEVENTS.csv of each size in turn and writes the results.
     *
     * @param sizesMb  input sizes in MiB, run in this order in one JVM
     * @param results  the folder of {@code mimic-format.json} and {@code .md}
     * @param command  the command line that asked for it, recorded in the results
     * @param progress one line per size as it finishes
     * @return the JSON file written
     */
    public static Path run(List<Double> sizesMb, Path results, String command, Consumer<String> progress)
            throws IOException {
        Path work = Files.createTempDirectory("bench-mimic");
        try {
            return run(sizesMb, results, command, progress, work);
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    private static Path run(List<Double> sizesMb, Path results, String command, Consumer<String> progress,
                            Path work) throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (double mb : sizesMb) {
            Path csv = work.resolve("NOTEEVENTS-" + mb + "MB.csv");
            MimicSynth.writeBytes(csv, (long) (mb * (1 << 20)), 2019);
            Path out = work.resolve("out-" + mb + "MB");
            System.gc();
            PeakHeap peak = new PeakHeap();
            peak.start();
            double loadBefore = MachineFacts.currentLoadAverage();
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            FormatSummary s = MimicFormatJob.run(new MimicFormatJob.Request(csv, out,
                    Path.of("datavec-pipelines", MimicNotesPipeline.ALL_NOTES_FILE), Set.of(), 10000),
                    MimicFormatJob.Progress.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            peak.stopSampling();
            double bytes = Files.size(csv);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("inputMB", Math.round(bytes / (1 << 20) * 10) / 10.0);
            r.put("records", s.recordsRead());
            r.put("notesWritten", s.categories().values().stream()
                    .mapToLong(FormatSummary.CategoryTotals::notes).sum());
            r.put("sentences", s.categories().values().stream()
                    .mapToLong(FormatSummary.CategoryTotals::sentences).sum());
            r.put("seconds", Math.round(seconds * 10) / 10.0);
            r.put("MBperSecond", Math.round(bytes / (1 << 20) / seconds * 10) / 10.0);
            r.put("processCpuSeconds", Math.round(cpuSeconds * 10) / 10.0);
            // throughput if the process had had its CPU time without competition, capped by the cores it used
            r.put("MBperCpuSecond", Math.round(bytes / (1 << 20) / cpuSeconds * 10) / 10.0);
            r.put("peakHeapUsedMB", peak.peak >> 20);
            r.put("peakRssMBSoFar", ProcessMemory.peakRssBytes() >> 20);
            // 1-minute load average of the shared machine before and after: other engineers' jobs compete for CPU
            r.put("loadAverage1mBeforeAfter", loadBefore + " / " + MachineFacts.currentLoadAverage());
            runs.add(r);
            progress.accept(r.toString());
            FileTrees.deleteTree(out);
            Files.delete(csv);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "workbench mimic format (local path, single formatting thread)");
        doc.put("command", command);
        doc.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        Map<String, Object> machine = MachineFacts.captureHost().toMap();
        doc.put("machine", machine);
        doc.put("note", "Other jobs on the machine compete for the CPU (see the load averages): wall MB/s is then a "
                + "lower bound; MB per CPU-second is the process's own cost (reader thread + one formatting thread + "
                + "JIT/GC), so on two uncontended cores the wall rate is bounded by about twice that figure. Sizes run "
                + "in the order given in one JVM, so the first one also pays for JIT warm-up");
        doc.put("runs", runs);
        Path json = results.resolve(STEM + ".json");
        AtomicFiles.writeBytes(json, Json.PRETTY.writeValueAsBytes(doc));
        StringBuilder md = new StringBuilder("# MIMIC format benchmark\n\n")
                .append("Synthetic NOTEEVENTS (`MimicSynth`, seed 2019), all categories, shard size 10000, ")
                .append(machine.get("cores")).append(" CPUs, Java ").append(machine.get("java")).append(".\n")
                .append("Command: `").append(doc.get("command")).append("`\n\n")
                .append("| input MB | records | sentences | wall s | MB/s (wall) | CPU s | MB per CPU-s "
                        + "| peak heap used MB "
                        + "| peak RSS MB (process so far) | load avg before / after |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : runs) {
            md.append("| ").append(r.get("inputMB")).append(" | ").append(r.get("records")).append(" | ")
                    .append(r.get("sentences")).append(" | ").append(r.get("seconds")).append(" | ")
                    .append(r.get("MBperSecond")).append(" | ").append(r.get("processCpuSeconds")).append(" | ")
                    .append(r.get("MBperCpuSecond")).append(" | ").append(r.get("peakHeapUsedMB")).append(" | ")
                    .append(r.get("peakRssMBSoFar")).append(" | ").append(r.get("loadAverage1mBeforeAfter"))
                    .append(" |\n");
        }
        md.append("\n").append(doc.get("note")).append(".\n");
        AtomicFiles.writeString(results.resolve(STEM + ".md"), md.toString());
        return json;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Samples heap in use (all heap pools) and keeps the maximum. */
    private static final class PeakHeap extends Thread {
        volatile long peak;
        volatile boolean running = true;

        PeakHeap() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                    }
                }
                peak = Math.max(peak, used);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
        }
    }
}
