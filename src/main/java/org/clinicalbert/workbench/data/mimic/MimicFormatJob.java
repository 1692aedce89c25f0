package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Sha256;
import org.clinicalbert.workbench.io.SkippedRecords;
import org.datavec.api.transform.TransformProcess;
import org.datavec.api.writable.Writable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Formats NOTEEVENTS into sharded pretraining text on one machine: reads records one at a time, applies the DataVec
 * pipeline to each ({@link TransformProcess#execute(List)}, which returns {@code null} for a filtered record),
 * formats the selected notes and writes shards, a manifest and {@code summary.json} under the output directory.
 */
public final class MimicFormatJob {

    private static final Logger log = LoggerFactory.getLogger(MimicFormatJob.class);
    public static final String SUMMARY = "summary.json";
    public static final String APPLIED_PIPELINE = "pipeline.json";
    public static final String SKIP_ISERROR = "ISERROR=1";
    public static final String SKIP_CATEGORY = "category not selected";

    /** What to format. An empty {@code categories} keeps whatever the pipeline file keeps. */
    public record Request(Path input, Path out, Path pipelineFile, Set<String> categories, int shardSize,
                          java.nio.charset.Charset encoding) {

        /** A UTF-8 NOTEEVENTS file. */
        public Request(Path input, Path out, Path pipelineFile, Set<String> categories, int shardSize) {
            this(input, out, pipelineFile, categories, shardSize, java.nio.charset.StandardCharsets.UTF_8);
        }

    }

    /** Told every few hundred records how far the reader is; used by the CLI's progress bar. */
    @FunctionalInterface
    public interface Progress {
        void update(long bytesRead, long records);

        Progress NONE = (b, r) -> { };
    }

    private MimicFormatJob() {
    }

    /** The pipeline this request applies: the file's, narrowed to the requested categories. */
    public static TransformProcess pipeline(Request r) throws IOException {
        return MimicNotesPipeline.restrictCategories(MimicNotesPipeline.load(r.pipelineFile()), r.categories());
    }

    public static FormatManifest.Fingerprint fingerprint(Request r, TransformProcess tp) throws IOException {
        return new FormatManifest.Fingerprint(r.input().getFileName().toString(), Files.size(r.input()),
                Files.getLastModifiedTime(r.input()).toMillis(),
                // another encoding decodes to other text: its shards are not reusable (UTF-8 fingerprints unchanged)
                Sha256.of(tp.toJson() + (r.encoding().equals(java.nio.charset.StandardCharsets.UTF_8) ? ""
                        : "\nencoding " + r.encoding().name())), r.shardSize());
    }

    /** Runs with one formatting thread per core beyond the reading thread (at least one). */
    public static FormatSummary run(Request r, Progress progress) throws IOException {
        return run(r, progress, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    /**
     * Reads, selects and writes on the calling thread; formats on {@code formatThreads} workers in batches. At most
     * {@link #IN_FLIGHT_PER_THREAD} batches per worker are pending, so memory stays bounded whatever the input
     * size; batches are written in submission order, so output does not depend on thread timing.
     */
    public static FormatSummary run(Request r, Progress progress, int formatThreads) throws IOException {
        boolean fresh = !Files.exists(r.out());
        try {
            return runInto(r, progress, formatThreads);
        } catch (IOException | RuntimeException | Error e) {
            if (fresh) {
                removeIfNothingFinished(r.out());
            }
            throw e;
        }
    }

    /**
     * A failed first run leaves no output folder behind unless it finished a shard (kept for the rerun to reuse):
     * only {@link #APPLIED_PIPELINE} and empty category folders are removed.
     */
    private static void removeIfNothingFinished(Path out) {
        try (var walk = Files.walk(out)) {
            List<Path> all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            boolean finished = all.stream().anyMatch(p -> Files.isRegularFile(p)
                    && !p.equals(out.resolve(APPLIED_PIPELINE)));
            if (!finished) {
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort: the original error is what the user needs to see
        }
    }

    private static FormatSummary runInto(Request r, Progress progress, int formatThreads) throws IOException {
        TransformProcess tp = pipeline(r);
        ShardedCorpusWriter writer = new ShardedCorpusWriter(r.out(), fingerprint(r, tp));
        AtomicFiles.writeString(r.out().resolve(APPLIED_PIPELINE), tp.toJson());
        NoteFormatter formatter = new NoteFormatter();
        SkippedRecords skipped = new SkippedRecords();
        Map<String, Long> positions = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(formatThreads, daemonThreads());
        ArrayDeque<Batch> inFlight = new ArrayDeque<>();
        int maxInFlight = IN_FLIGHT_PER_THREAD * formatThreads;
        long records = 0;
        long selected = 0;
        List<Item> items = new ArrayList<>(BATCH);
        try (NoteEventsReader reader = new NoteEventsReader(r.input(), r.encoding())) {
            requireNotes(reader, r.input());
            try {
                while (reader.hasNext()) {
                    NoteEvent e = reader.next();
                    records++;
                    List<Writable> kept = tp.execute(MimicNotesPipeline.toWritables(e));
                    if (kept == null || kept.isEmpty()) {
                        skipped.add(skipReason(e), e.line());
                    } else {
                        SelectedNote note = SelectedNote.fromWritables(kept);
                        selected++;
                        long position = positions.merge(note.category(), 1L, Long::sum) - 1;
                        items.add(new Item(note, e.recordNumber(), writer.isFinishedAt(note.category(), position)));
                        if (items.size() == BATCH) {
                            inFlight.add(submit(pool, formatter, items));
                            items = new ArrayList<>(BATCH);
                            while (inFlight.size() >= maxInFlight) {
                                drain(inFlight.poll(), writer);
                            }
                        }
                    }
                    if ((records & 255) == 0) {
                        progress.update(reader.bytesRead(), records);
                    }
                }
            } catch (InputFormatException bad) {
                // keep every shard that the records before the bad one complete, then report the bad record
                drainAll(pool, formatter, items, inFlight, writer);
                throw bad;
            }
            drainAll(pool, formatter, items, inFlight, writer);
            progress.update(reader.bytesRead(), records);
        } catch (IOException | RuntimeException e) {
            writer.abandon();
            throw e;
        } finally {
            pool.shutdownNow();
        }
        writer.finish();
        return writeSummary(r, writer, records, selected, skipped.counts(), skipped.firstLines());
    }

    /** A header and nothing else would "succeed" with an empty corpus: refused, on either path. */
    static void requireNotes(NoteEventsReader reader, Path input) {
        if (!reader.hasNext()) {
            throw new InputFormatException(input, "line 2", "no notes: the file holds only the NOTEEVENTS header");
        }
    }

    static final int BATCH = 256;
    static final int IN_FLIGHT_PER_THREAD = 4;

    /** A selected note; {@code finished}: its shard exists from an earlier run, so it is not formatted again. */
    private record Item(SelectedNote note, long recordNumber, boolean finished) {
    }

    private record Batch(List<Item> items, Future<List<NoteOutcome>> outcomes) {
    }

    private static Batch submit(ExecutorService pool, NoteFormatter formatter, List<Item> items) {
        return new Batch(items, pool.submit(() -> {
            List<NoteOutcome> out = new ArrayList<>(items.size());
            for (Item it : items) {
                out.add(it.finished() ? null : NoteOutcome.format(formatter, it.note(), it.recordNumber()));
            }
            return out;
        }));
    }

    private static void drainAll(ExecutorService pool, NoteFormatter formatter, List<Item> items,
                                 ArrayDeque<Batch> inFlight, ShardedCorpusWriter writer) throws IOException {
        if (!items.isEmpty()) {
            inFlight.add(submit(pool, formatter, List.copyOf(items)));
            items.clear();
        }
        while (!inFlight.isEmpty()) {
            drain(inFlight.poll(), writer);
        }
    }

    private static void drain(Batch b, ShardedCorpusWriter writer) throws IOException {
        List<NoteOutcome> outcomes;
        try {
            outcomes = b.outcomes().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while formatting");
        } catch (ExecutionException e) {
            // NoteOutcome.format catches per-note failures; anything here is a bug or an Error such as OOM
            throw new IllegalStateException("formatting worker failed", e.getCause());
        }
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == null) {
                writer.skip(b.items().get(i).note().category());
            } else {
                writer.add(outcomes.get(i));
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "mimic-format-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Why the pipeline dropped a record; the pipeline only says that it did, so the two known filters are re-read. */
    public static String skipReason(NoteEvent e) {
        return "1".equals(e.isError().strip()) ? SKIP_ISERROR : SKIP_CATEGORY;
    }

    static FormatSummary writeSummary(Request r, ShardedCorpusWriter writer, long records, long selected,
                                      Map<String, Long> skipped, Map<String, List<Long>> skippedAtLines)
            throws IOException {
        List<FormatManifest.FailedNote> failures = writer.failures();
        FormatSummary s = new FormatSummary(r.input().toString(), r.pipelineFile().toString(), records, selected,
                skipped, skippedAtLines, writer.totals(), failures.size(),
                failures.subList(0, Math.min(failures.size(), FormatSummary.MAX_LISTED_FAILURES)),
                writer.resumedShards(), writer.shardsWritten());
        AtomicFiles.writeBytes(r.out().resolve(SUMMARY), ShardedCorpusWriter.JSON.writeValueAsBytes(s));
        if (!failures.isEmpty()) {
            log.warn("{} notes failed to format; see {}", failures.size(), r.out().resolve(SUMMARY));
        }
        return s;
    }
}
