package org.clinicalbert.workbench.data.mimic;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes formatted notes into {@code <out>/<category-slug>/shard-00000.txt}, {@code shardSize} selected notes per
 * shard, one sentence per line and a blank line after each note. A shard streams into a hidden temp file next to its
 * target (memory stays flat whatever the shard size), which is forced to disk and renamed into place when the shard
 * is full; then the manifest is rewritten atomically. So after a crash every shard on disk is whole and listed, and
 * the next run skips exactly those ({@link #isFinishedAt}). Notes are assigned to shards by
 * their position among the selected notes of their category, which the same input and pipeline reproduce.
 */
public final class ShardedCorpusWriter {

    private static final Logger log = LoggerFactory.getLogger(ShardedCorpusWriter.class);
    public static final String MANIFEST = "manifest.json";
    private static final String TMP_SUFFIX = ".tmp";
    static final ObjectMapper JSON = Json.PRETTY;

    private final Path out;
    private final int shardSize;
    private final FormatManifest.Fingerprint fingerprint;
    private final Map<String, FormatManifest.CategoryShards> finished = new TreeMap<>();
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final Map<String, String> slugs = new java.util.HashMap<>();
    private int resumedShards;
    private int shardsWritten;

    /** The shard being filled for one category, and the position of the next note in that category. */
    private static final class Open {
        final String category;
        long position;
        Path tmp;
        FileChannel channel;
        OutputStream stream;
        long notes;
        long written;
        long sentences;
        long tokens;
        long empty;
        final List<FormatManifest.FailedNote> failed = new ArrayList<>();

        Open(String category) {
            this.category = category;
        }
    }

    public ShardedCorpusWriter(Path out, FormatManifest.Fingerprint fingerprint) throws IOException {
        this.out = out;
        this.shardSize = fingerprint.shardSize();
        this.fingerprint = fingerprint;
        if (shardSize < 1) {
            throw new IllegalArgumentException("shard size must be at least 1, got " + shardSize);
        }
        Path manifest = out.resolve(MANIFEST);
        if (Files.exists(manifest)) {
            FormatManifest m = JSON.readValue(manifest.toFile(), FormatManifest.class);
            if (!m.fingerprint().equals(fingerprint)) {
                throw new org.clinicalbert.workbench.io.InputFormatException(out, null, "holds shards of a different "
                        + "run (" + m.fingerprint() + "), this run is " + fingerprint + ": use another --out or delete it");
            }
            finished.putAll(m.categories());
            finished.values().forEach(c -> resumedShards += c.shards().size());
            removeStaleTemps(out);
            log.info("resuming in {}: {} finished shards", out, resumedShards);
        }
    }

    /** Directory name for a category: lower case, other runs as '_' ("Discharge summary" -> "discharge_summary"). */
    public static String slug(String category) {
        String s = category.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "uncategorised" : s;
    }

    private Open openFor(String category) {
        String slug = slugs.computeIfAbsent(category, ShardedCorpusWriter::slug);
        Open o = open.get(slug);
        if (o == null) {
            FormatManifest.CategoryShards done = finished.get(slug);
            if (done != null && !done.category().equals(category)) {
                throw oneFolder(done.category(), category, slug);
            }
            o = new Open(category);
            open.put(slug, o);
        }
        if (!o.category.equals(category)) {
            throw oneFolder(o.category, category, slug);
        }
        return o;
    }

    /** Two CATEGORY values of the input that differ only in what a folder name drops: the user's to tell apart. */
    private org.clinicalbert.workbench.io.UserInputException oneFolder(String first, String second, String slug) {
        return new org.clinicalbert.workbench.io.UserInputException(out.resolve(slug), null, "the NOTEEVENTS categories '"
                + first + "' and '" + second + "' both map to this folder: make the CATEGORY values differ in more "
                + "than case and punctuation");
    }

    private int finishedShards(String slug) {
        FormatManifest.CategoryShards done = finished.get(slug);
        return done == null ? 0 : done.shards().size();
    }

    /** Whether the note at {@code position} (0-based) among its category's selected notes is in a finished shard. */
    public boolean isFinishedAt(String category, long position) {
        openFor(category);
        return position / shardSize < finishedShards(slugs.get(category));
    }

    /** Passes over the next note of a category whose shard is already finished. */
    public void skip(String category) {
        openFor(category).position++;
    }

    /** Adds the next note of its category; a note whose shard is already finished only advances the position. */
    public void add(NoteOutcome outcome) throws IOException {
        String category = outcome.category();
        Open o = openFor(category);
        String slug = slugs.get(category);
        if (o.position / shardSize < finishedShards(slug)) {
            o.position++;
            return;
        }
        o.position++;
        if (o.stream == null) {
            startShard(slug, o);
        }
        o.notes++;
        if (outcome.failed()) {
            o.failed.add(new FormatManifest.FailedNote(outcome.rowId(), outcome.recordNumber(), outcome.failure()));
        } else if (outcome.sentences().isEmpty()) {
            o.empty++;
        } else {
            StringBuilder sb = new StringBuilder(4096);
            for (String s : outcome.sentences()) {
                sb.append(s).append('\n');
            }
            sb.append('\n');
            o.stream.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            o.written++;
            o.sentences += outcome.sentences().size();
            o.tokens += outcome.tokens();
        }
        if (o.notes == shardSize) {
            writeShard(slug, o);
        }
    }

    private static String shardName(int index) {
        return String.format(Locale.ROOT, "shard-%05d.txt", index);
    }

    private void startShard(String slug, Open o) throws IOException {
        Path dir = out.resolve(slug);
        Files.createDirectories(dir);
        o.tmp = Files.createTempFile(dir, "." + shardName(finishedShards(slug)) + ".", TMP_SUFFIX);
        o.channel = FileChannel.open(o.tmp, StandardOpenOption.WRITE);
        o.stream = new BufferedOutputStream(Channels.newOutputStream(o.channel), 1 << 16);
    }

    /** Temp files of shards a crashed run never finished; the shards themselves are redone. */
    private static void removeStaleTemps(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out, 2)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(".shard-")
                    && f.getFileName().toString().endsWith(TMP_SUFFIX)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void writeShard(String slug, Open o) throws IOException {
        int index = finishedShards(slug);
        String name = shardName(index);
        o.stream.flush();
        o.channel.force(true);
        o.stream.close();
        Path target = out.resolve(slug).resolve(name);
        try {
            Files.move(o.tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(o.tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        o.stream = null;
        o.channel = null;
        o.tmp = null;
        List<FormatManifest.Shard> shards = new ArrayList<>(finished.containsKey(slug)
                ? finished.get(slug).shards() : List.of());
        shards.add(new FormatManifest.Shard(index, slug + "/" + name, o.notes, o.written, o.sentences, o.tokens,
                o.empty, List.copyOf(o.failed)));
        finished.put(slug, new FormatManifest.CategoryShards(o.category, shards));
        AtomicFiles.writeBytes(out.resolve(MANIFEST), JSON.writeValueAsBytes(
                new FormatManifest(fingerprint, finished)));
        shardsWritten++;
        o.notes = o.written = o.sentences = o.tokens = o.empty = 0;
        o.failed.clear();
    }

    /** Closes and deletes unfinished shard temp files after a failed run (finished shards stay). */
    public void abandon() {
        for (Open o : open.values()) {
            if (o.stream != null) {
                try {
                    o.stream.close();
                    Files.deleteIfExists(o.tmp);
                } catch (IOException e) {
                    log.warn("could not remove {}: {}", o.tmp, e.toString());
                }
                o.stream = null;
            }
        }
    }

    /** Writes every partly filled shard; afterwards the manifest lists the whole corpus. */
    public void finish() throws IOException {
        for (Map.Entry<String, Open> e : open.entrySet()) {
            if (e.getValue().notes > 0) {
                writeShard(e.getKey(), e.getValue());
            }
        }
        if (!Files.exists(out.resolve(MANIFEST))) {
            AtomicFiles.writeBytes(out.resolve(MANIFEST), JSON.writeValueAsBytes(
                    new FormatManifest(fingerprint, finished)));
        }
    }

    /** Per-category totals over all finished shards (this run's and earlier runs'), keyed by slug. */
    public Map<String, FormatSummary.CategoryTotals> totals() {
        Map<String, FormatSummary.CategoryTotals> t = new TreeMap<>();
        finished.forEach((slug, c) -> {
            long selected = 0, notes = 0, sentences = 0, tokens = 0, empty = 0, failed = 0;
            for (FormatManifest.Shard s : c.shards()) {
                selected += s.notes();
                notes += s.written();
                sentences += s.sentences();
                tokens += s.tokens();
                empty += s.empty();
                failed += s.failed().size();
            }
            t.put(slug, new FormatSummary.CategoryTotals(c.category(), slug, c.shards().size(), selected, notes,
                    sentences, tokens, empty, failed));
        });
        return t;
    }

    /** Failed notes over all finished shards. */
    public List<FormatManifest.FailedNote> failures() {
        List<FormatManifest.FailedNote> all = new ArrayList<>();
        finished.values().forEach(c -> c.shards().forEach(s -> all.addAll(s.failed())));
        return all;
    }

    public int resumedShards() {
        return resumedShards;
    }

    public int shardsWritten() {
        return shardsWritten;
    }
}
