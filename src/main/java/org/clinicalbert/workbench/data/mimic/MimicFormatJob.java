package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.io.AtomicFiles;
import org.datavec.api.transform.TransformProcess;
import org.datavec.api.writable.Writable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    public record Request(Path input, Path out, Path pipelineFile, Set<String> categories, int shardSize) {
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
                Files.getLastModifiedTime(r.input()).toMillis(), sha256(tp.toJson()), r.shardSize());
    }

    public static FormatSummary run(Request r, Progress progress) throws IOException {
        TransformProcess tp = pipeline(r);
        ShardedCorpusWriter writer = new ShardedCorpusWriter(r.out(), fingerprint(r, tp));
        AtomicFiles.writeString(r.out().resolve(APPLIED_PIPELINE), tp.toJson());
        NoteFormatter formatter = new NoteFormatter();
        Map<String, Long> skipped = new TreeMap<>();
        long records = 0;
        long selected = 0;
        try (NoteEventsReader reader = new NoteEventsReader(r.input())) {
            while (reader.hasNext()) {
                NoteEvent e = reader.next();
                records++;
                List<Writable> kept = tp.execute(MimicNotesPipeline.toWritables(e));
                if (kept == null || kept.isEmpty()) {
                    skipped.merge(skipReason(e), 1L, Long::sum);
                } else {
                    SelectedNote note = SelectedNote.fromWritables(kept);
                    selected++;
                    if (writer.isFinished(note.category())) {
                        writer.skip(note.category());
                    } else {
                        writer.add(NoteOutcome.format(formatter, note, e.recordNumber()));
                    }
                }
                if ((records & 255) == 0) {
                    progress.update(reader.bytesRead(), records);
                }
            }
            progress.update(reader.bytesRead(), records);
        }
        writer.finish();
        return writeSummary(r, writer, records, selected, skipped);
    }

    /** Why the pipeline dropped a record; the pipeline only says that it did, so the two known filters are re-read. */
    static String skipReason(NoteEvent e) {
        return "1".equals(e.isError().strip()) ? SKIP_ISERROR : SKIP_CATEGORY;
    }

    static FormatSummary writeSummary(Request r, ShardedCorpusWriter writer, long records, long selected,
                                      Map<String, Long> skipped) throws IOException {
        List<FormatManifest.FailedNote> failures = writer.failures();
        FormatSummary s = new FormatSummary(r.input().toString(), r.pipelineFile().toString(), records, selected,
                skipped, writer.totals(), failures.size(),
                failures.subList(0, Math.min(failures.size(), FormatSummary.MAX_LISTED_FAILURES)),
                writer.resumedShards(), writer.shardsWritten());
        AtomicFiles.writeBytes(r.out().resolve(SUMMARY), ShardedCorpusWriter.JSON.writeValueAsBytes(s));
        if (!failures.isEmpty()) {
            log.warn("{} notes failed to format; see {}", failures.size(), r.out().resolve(SUMMARY));
        }
        return s;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
