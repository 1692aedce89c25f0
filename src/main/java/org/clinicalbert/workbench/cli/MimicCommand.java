package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ProgressBar;
import org.clinicalbert.workbench.data.mimic.FormatSummary;
import org.clinicalbert.workbench.data.mimic.MimicFormatJob;
import org.clinicalbert.workbench.data.mimic.MimicNotesPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code workbench mimic}: MIMIC-III note preparation. */
@Command(name = "mimic", mixinStandardHelpOptions = true,
        description = "MIMIC-III NOTEEVENTS preparation for pretraining.",
        subcommands = {MimicCommand.Format.class})
public final class MimicCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;


    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code workbench mimic format}: NOTEEVENTS.csv[.gz] to sharded one-sentence-per-line text. */
    @Command(name = "format", mixinStandardHelpOptions = true,
            description = "Format NOTEEVENTS.csv[.gz] into one-sentence-per-line shards per category "
                    + "(resumable: finished shards are skipped on a re-run).")
    public static final class Format extends WorkbenchCommand {


        @Option(names = "--input", required = true, paramLabel = "FILE", converter = InputPath.File.class, description = "NOTEEVENTS.csv or NOTEEVENTS.csv.gz")
        Path input;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
        Path out;

        @Option(names = "--categories", split = ",",
                description = "CATEGORY values to keep (comma-separated, trimmed); default: all")
        List<String> categories;

        @Option(names = "--discharge-only", description = "keep discharge summaries only (the paper's second corpus)")
        boolean dischargeOnly;

        @Option(names = "--pipeline", paramLabel = "FILE", converter = InputPath.File.class, description = "DataVec TransformProcess JSON; default: "
                + "datavec-pipelines/" + MimicNotesPipeline.ALL_NOTES_FILE + " (or "
                + MimicNotesPipeline.DISCHARGE_FILE + " with --discharge-only)")
        Path pipeline;

        @Option(names = "--spark", paramLabel = "MASTER", converter = SparkOption.MasterUrl.class,
                description = "run the pipeline and formatting on Spark, e.g. local[2] (./workbench adds Spark to the class path)")
        String spark;

        @Option(names = "--threads", description = "formatting threads besides the reader (default: cores - 1, "
                + "at least 1; local path only)")
        Integer threads;

        @Option(names = "--encoding", defaultValue = "utf-8", description = "the file's encoding, decoded strictly "
                + "(e.g. latin-1; default: ${DEFAULT-VALUE})")
        String encoding;

        @Option(names = "--shard-size", defaultValue = "10000",
                description = "notes per shard (default: ${DEFAULT-VALUE})")
        int shardSize;

        @Override
        public Integer call() throws Exception {
            PrintWriter outw = out();
            if (dischargeOnly && categories != null) {
                throw mistake("--discharge-only and --categories exclude each other");
            }
            Path pipe = pipeline != null ? pipeline : Path.of("datavec-pipelines",
                    dischargeOnly ? MimicNotesPipeline.DISCHARGE_FILE : MimicNotesPipeline.ALL_NOTES_FILE);
            Set<String> cats = new LinkedHashSet<>();
            if (categories != null) {
                categories.forEach(c -> cats.add(c.strip()));
            }
            java.nio.charset.Charset charset = org.clinicalbert.workbench.io.StrictUtf8.charset(encoding);
            if (spark != null && !charset.equals(java.nio.charset.StandardCharsets.UTF_8)) {
                throw mistake("--encoding other than utf-8 is for the local path; convert the file for --spark");
            }
            MimicFormatJob.Request request = new MimicFormatJob.Request(input, out, pipe, cats, shardSize, charset);
            if (shardSize < 1 || (threads != null && threads < 1)) {
                throw mistake("--shard-size and --threads must be at least 1");
            }
            long started = System.nanoTime();
            FormatSummary summary;
            try (var lock = org.clinicalbert.workbench.runs.RunLock.acquireBeside(out,
                    m -> err().println("note: " + m))) {
                if (spark != null) {
                    summary = SparkRunner.run(spark, request);
                } else {
                    long total = Files.size(input);
                    try (ProgressBar bar = ProgressBars.bytes(ProgressBars.builder("format"), total)
                            .setInitialMax(total).showSpeed()
                            .continuousUpdate().build()) {
                        int workers = threads != null ? threads
                                : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
                        summary = MimicFormatJob.run(request, (bytes, records) -> {
                            bar.stepTo(bytes);
                            double s = (System.nanoTime() - started) / 1e9;
                            bar.setExtraMessage(String.format(" %,d records (%.0f/s)", records,
                                    records / Math.max(s, 1e-9)));
                        }, workers);
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            outw.printf("read %,d records, selected %,d notes in %.1f s%n", summary.recordsRead(),
                    summary.notesSelected(), seconds);
            summary.skipped().forEach((why, n) -> outw.printf("  skipped %s%n",
                    org.clinicalbert.workbench.io.SkippedRecords.describe(why, n, summary.skippedAtLines().get(why))));
            summary.categories().values().forEach(c -> outw.printf(
                    "  %-22s %,9d notes %,11d sentences %,13d tokens %4d shards  (%d empty, %d failed)%n",
                    c.category(), c.notes(), c.sentences(), c.tokens(), c.shards(), c.emptyNotes(), c.failedNotes()));
            outw.printf("shards written %d, reused from an earlier run %d; summary: %s%n", summary.shardsWritten(),
                    summary.resumedShards(), out.resolve(MimicFormatJob.SUMMARY));
            if (summary.failedNotes() > 0) {
                outw.printf("%,d notes failed to format: listed in %s%n", summary.failedNotes(),
                        out.resolve(MimicFormatJob.SUMMARY));
            }
            return 0;
        }
    }

    /** Keeps Spark classes out of {@link Format} so the command loads without Spark on the class path. */
    static final class SparkRunner {
        static FormatSummary run(String master, MimicFormatJob.Request request) throws Exception {
            SparkOption option = new SparkOption();
            option.master = master;
            return org.clinicalbert.workbench.spark.SparkJobs.mimicFormat(option.master(), request);
        }
    }
}
