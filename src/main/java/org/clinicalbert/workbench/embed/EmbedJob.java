package org.clinicalbert.workbench.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.checkpoint.CheckpointLocator;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.FileTrees;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Embeds a corpus into an output folder ({@code embeddings.npy}, {@code ids.jsonl}, {@code embed.json}) without
 * holding it: texts are read in groups of {@code bufferTexts}, each group embedded in length-sorted batches
 * ({@link TextEmbedder}) and its rows appended in input order to files in {@code OUT/.embed-partial/}. After each
 * group the rows and ids are forced to disk and {@code state.json} (texts done, ids bytes, counts) is replaced
 * atomically, so a killed run continues with {@code resume} from the last whole group; groups are cut by count
 * from the start of the input, so a resumed run embeds exactly the groups an uninterrupted one does and its final
 * file is the same, byte for byte. The .npy header is reserved up front (its length does not depend on the row
 * count, see {@link NpyFormat}) and filled in at the end; then the files are renamed into {@code OUT}, so
 * {@code embeddings.npy} appears complete or not at all.
 *
 * <p>Bad input (an {@link InputFormatException}, an empty input) removes the partial folder: no output is left.
 *
 * <p>A run may also embed only a {@link TextRange} of the input (one part of {@code embed --spark}): it reads past
 * the texts before the range without embedding them, cuts its groups from the range's start (a multiple of
 * {@code bufferTexts}, so they are the whole run's groups), numbers its ids.jsonl rows as in the whole input, and
 * resumes as a whole run does; {@link #joinParts} then puts such parts together as one run's folder.
 */
public final class EmbedJob {

    private static final Logger log = LoggerFactory.getLogger(EmbedJob.class);
    public static final String PARTIAL = ".embed-partial";
    /** Where {@code embed --spark} keeps its parts (a folder per range) until they are joined into the output. */
    public static final String PARTS = ".parts";
    static final String STATE = "state.json";
    public static final int DEFAULT_BUFFER_TEXTS = 4096;
    static final int TEXT_PREVIEW = 300;
    private static final ObjectMapper JSON = EmbedManifest.JSON;
    /** ids.jsonl: one compact object per line. */
    private static final ObjectMapper LINE = Json.MAPPER;

    /** Told after every group. */
    @FunctionalInterface
    public interface Progress {
        void update(long bytesRead, long totalBytes, long texts, long windowedTexts);

        Progress NONE = (b, t, n, w) -> { };
    }

    /**
     * A run's progress on disk; {@code seconds} is the embedding time of the starts so far; {@code range} the part
     * of the input it embeds (null: all of it), so that a part is never continued as another.
     */
    record State(EmbedManifest.Fingerprint fingerprint, long texts, long idsBytes, EmbedManifest.Counts counts,
                 double seconds, int resumes, TextRange range) {
    }

    private EmbedJob() {
    }

    /**
     * Embeds {@code input} into {@code out}.
     *
     * @param resume continue the unfinished run in {@code out}; without it an unfinished or finished run there is
     *               an error
     */
    public static EmbedManifest run(TextEmbedder embedder, InputSpec input, Path out, boolean resume, int bufferTexts,
                                    Progress progress) throws IOException {
        return run(embedder, input, out, resume, bufferTexts, null, progress);
    }

    /**
     * Embeds the texts of {@code range} of {@code input} (null: all of them) into {@code out}; the rows of its
     * ids.jsonl are the texts' numbers in the whole input.
     */
    public static EmbedManifest run(TextEmbedder embedder, InputSpec input, Path out, boolean resume, int bufferTexts,
                                    TextRange range, Progress progress) throws IOException {
        if (bufferTexts < 1) {
            throw new UserInputException("--buffer must be at least 1, got " + bufferTexts);
        }
        if (range != null && range.from() % bufferTexts != 0) {
            // groups cut from another start would batch texts differently from a whole run
            throw new IllegalArgumentException("a part must start at a multiple of --buffer " + bufferTexts + ", not at "
                    + range.from());
        }
        Path partial = out.resolve(PARTIAL);
        boolean partialExists = Files.isDirectory(partial);
        if (Files.exists(out.resolve(EmbedManifest.EMBEDDINGS))) {
            throw new UserInputException(out + " already holds " + EmbedManifest.EMBEDDINGS
                    + ": use another --out or delete it");
        }
        if (Files.isDirectory(out.resolve(PARTS))) {
            throw new UserInputException(out + " holds an unfinished run cut into parts: continue it with "
                    + "--spark MASTER --resume, or delete " + out.resolve(PARTS));
        }
        if (partialExists && !resume) {
            throw new UserInputException(out + " holds an unfinished run: continue it with --resume, or delete "
                    + partial);
        }
        EmbedManifest.Fingerprint fingerprint = fingerprint(embedder, input, bufferTexts);
        boolean createdOut = !Files.exists(out);
        State state = null;
        if (partialExists && Files.exists(partial.resolve(STATE))) {
            state = JSON.readValue(partial.resolve(STATE).toFile(), State.class);
            if (!state.fingerprint().equals(fingerprint)) {
                throw new UserInputException(out + " holds an unfinished run with other input, model or settings:"
                        + differences(state.fingerprint(), fingerprint) + "; use another --out or delete " + partial);
            }
            if (!java.util.Objects.equals(state.range(), range)) {
                throw new UserInputException(out + " holds an unfinished run of "
                        + (state.range() == null ? "the whole input" : state.range()) + ", not of "
                        + (range == null ? "the whole input" : range) + "; use another --out or delete " + partial);
            }
            log.info("resuming {}: {} texts done", out, state.texts());
        } else if (resume) {
            log.info("nothing to resume in {}: starting", out);
        }
        boolean ok = false;
        try {
            EmbedManifest m = embed(embedder, input, out, partial, fingerprint, state, bufferTexts, range, progress);
            ok = true;
            return m;
        } catch (UserInputException | EmptyInput bad) {
            // the input has to change, so the partial run could never be continued: leave nothing behind
            FileTrees.deleteTree(partial);
            if (createdOut) {
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(out);
                    }
                } catch (IOException ignored) {
                    // best effort
                }
            }
            if (bad instanceof EmptyInput e) {
                throw new InputFormatException(input.input(), null, e.getMessage());
            }
            throw bad;
        } finally {
            if (!ok) {
                log.debug("embed of {} stopped", input.input());
            }
        }
    }

    private static final class EmptyInput extends RuntimeException {
        EmptyInput(String message) {
            super(message);
        }
    }

    private static EmbedManifest embed(TextEmbedder embedder, InputSpec input, Path out, Path partial,
                                       EmbedManifest.Fingerprint fingerprint, State resumed, int bufferTexts,
                                       TextRange range, Progress progress) throws IOException {
        Files.createDirectories(partial);
        int h = embedder.dimension();
        int headerLength = NpyFormat.headerLength(h);
        Path data = partial.resolve(EmbedManifest.EMBEDDINGS);
        Path ids = partial.resolve(EmbedManifest.IDS);
        long texts = resumed == null ? 0 : resumed.texts();
        long idsBytes = resumed == null ? 0 : resumed.idsBytes();
        EmbedManifest.Counts counts = resumed == null ? EmbedManifest.Counts.ZERO : resumed.counts();
        double priorSeconds = resumed == null ? 0 : resumed.seconds();
        int resumes = resumed == null ? 0 : resumed.resumes() + 1;
        long first = range == null ? 0 : range.from();
        long end = range == null ? Long.MAX_VALUE : range.to();
        long started = System.nanoTime();
        EmbedManifest.Skipped skipped;
        try (TextSource source = TextSources.open(input);
             FileChannel rows = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileChannel idsOut = FileChannel.open(ids, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // drop whatever a killed run wrote after its last recorded group
            rows.truncate(headerLength + texts * h * (long) Float.BYTES);
            idsOut.truncate(idsBytes);
            if (texts == 0) {
                rows.write(ByteBuffer.wrap(new byte[headerLength]), 0);
            }
            rows.position(headerLength + texts * h * (long) Float.BYTES);
            idsOut.position(idsBytes);
            for (long skip = 0; skip < first + texts; skip++) {
                if (source.next() == null) {
                    throw new InputFormatException(input.input(), null, "the input has fewer texts (" + skip
                            + ") than " + (skip < first ? "this part starts at (" + first + ")"
                            : "the unfinished run already embedded (" + (first + texts) + ")"));
                }
            }
            while (true) {
                // a part's groups are cut from its start, a multiple of bufferTexts: the whole run's groups
                int want = (int) Math.min(bufferTexts, end - (first + texts));
                if (want <= 0) {
                    break;
                }
                List<SourceText> group = source.nextGroup(want);
                if (range != null && group.size() < want) {
                    throw new InputFormatException(input.input(), null, "the input ends at text " + (first + texts
                            + group.size()) + ", inside this part's " + range + ": it changed since its texts were "
                            + "counted");
                }
                if (group.isEmpty()) {
                    break;
                }
                List<TextEmbedder.Embedded> vectors = embedder.embed(group.stream().map(SourceText::text).toList());
                ByteBuffer block = ByteBuffer.allocate(group.size() * h * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < group.size(); i++) {
                    TextEmbedder.Embedded e = vectors.get(i);
                    for (float v : e.vector()) {
                        block.putFloat(v);
                    }
                    lines.append(LINE.writeValueAsString(idRecord(first + texts + i, group.get(i), e))).append('\n');
                    counts = counts.plus(e);
                }
                block.flip();
                while (block.hasRemaining()) {
                    rows.write(block);
                }
                ByteBuffer idBytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (idBytes.hasRemaining()) {
                    idsBytes += idsOut.write(idBytes);
                }
                rows.force(false);
                idsOut.force(false);
                texts += group.size();
                double seconds = priorSeconds + (System.nanoTime() - started) / 1e9;
                AtomicFiles.writeBytes(partial.resolve(STATE), JSON.writeValueAsBytes(
                        new State(fingerprint, texts, idsBytes, counts, seconds, resumes, range)));
                progress.update(source.bytesRead(), source.totalBytes(), texts, counts.windowedTexts());
                if (group.size() < bufferTexts) {
                    break;
                }
            }
            if (texts == 0) {
                throw new EmptyInput("no texts to embed (the input is empty or blank)");
            }
            rows.write(ByteBuffer.wrap(NpyFormat.header(texts, h)), 0);
            rows.force(true);
            // a whole run read the input to its end (a resume reads it from the start again): its tally is the
            // input's; a part stops at its range's end, so the joined run takes the tally of the count before the cut
            skipped = range == null ? EmbedManifest.Skipped.of(source.skipped()) : null;
        }
        double seconds = priorSeconds + (System.nanoTime() - started) / 1e9;
        EmbedManifest manifest = publish(out, ids, data, fingerprint, texts, h, counts, seconds, resumes, skipped);
        FileTrees.deleteTree(partial);
        return manifest;
    }

    /**
     * Moves the finished ids and matrix into {@code out} and writes embed.json: ids first, the matrix next,
     * embed.json last, so a folder with embed.json is complete (a local run's end and the join of Spark parts).
     */
    private static EmbedManifest publish(Path out, Path ids, Path data, EmbedManifest.Fingerprint fingerprint,
                                         long rows, int h, EmbedManifest.Counts counts, double seconds, int resumes,
                                         EmbedManifest.Skipped skipped)
            throws IOException {
        EmbedManifest manifest = new EmbedManifest(version(), Instant.now().toString(), fingerprint, rows, h, "<f4",
                EmbedManifest.EMBEDDINGS, EmbedManifest.IDS, counts,
                new EmbedManifest.Timings(seconds, rows / Math.max(seconds, 1e-9),
                        counts.wordPieces() / Math.max(seconds, 1e-9), resumes), skipped);
        move(ids, out.resolve(EmbedManifest.IDS));
        move(data, out.resolve(EmbedManifest.EMBEDDINGS));
        AtomicFiles.writeBytes(out.resolve(EmbedManifest.FILE), manifest.toJson());
        return manifest;
    }

    static Map<String, Object> idRecord(long row, SourceText t, TextEmbedder.Embedded e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", row);
        m.put("id", t.id());
        m.put("line", t.line());
        m.put("tokens", e.pieces());
        m.put("windows", e.windows());
        String text = t.text();
        if (text.length() > TEXT_PREVIEW) {
            // keep whole surrogate pairs
            int cut = Character.isHighSurrogate(text.charAt(TEXT_PREVIEW - 1)) ? TEXT_PREVIEW - 1 : TEXT_PREVIEW;
            text = text.substring(0, cut) + "…";
        }
        m.put("text", text);
        return m;
    }

    static EmbedManifest.Fingerprint fingerprint(TextEmbedder embedder, InputSpec input, int bufferTexts)
            throws IOException {
        return fingerprint(embedder.folder(), embedder.settings(), input, bufferTexts);
    }

    /**
     * What embed.json records as the run's identity, from the model folder and resolved settings
     * ({@link TextEmbedder#settings(ModelFolder, Pooling, String, Integer, Integer, int)}): a driver that cuts a run
     * into parts has it without loading the weights.
     */
    public static EmbedManifest.Fingerprint fingerprint(ModelFolder folder, EmbedSettings s, InputSpec input,
                                                        int bufferTexts) throws IOException {
        Path in = input.input().toAbsolutePath().normalize();
        if (!Files.exists(in)) {
            throw new InputFormatException(input.input(), null, "input not found");
        }
        long bytes = Files.isDirectory(in) ? treeSize(in) : Files.size(in);
        EmbedManifest.InputRecord inputRecord = new EmbedManifest.InputRecord(in.toString(), input.kind().label(),
                bytes, Files.getLastModifiedTime(in).toMillis(),
                input.kind() == InputKind.JSONL ? input.field() : null, input.idField(), input.categories());
        return new EmbedManifest.Fingerprint(inputRecord, modelRecord(folder), s.pooling().label(),
                s.layers().spec(), s.layers().layers(), s.maxSeqLength(), s.stride(), s.batch(), bufferTexts);
    }

    /** Texts an unfinished run in {@code out} has embedded and recorded (0: none there). */
    public static long unfinishedTexts(Path out) throws IOException {
        Path state = out.resolve(PARTIAL).resolve(STATE);
        return Files.isRegularFile(state) ? JSON.readValue(state.toFile(), State.class).texts() : 0;
    }

    /**
     * Joins finished part folders (each written by {@link #run} over one {@link TextRange}, in input order, together
     * covering the input) into {@code out} as one run over the whole input: the matrix's header for the total row
     * count followed by each part's rows, the parts' ids.jsonl one after another (their rows are already the
     * input's), and an embed.json with {@code fingerprint}, the parts' counts summed and the given timings. The
     * files are put together in {@code staging} and moved into {@code out} as {@link #run} does, so
     * {@code embeddings.npy} appears complete or not at all and a folder with embed.json is complete.
     *
     * @param seconds the wall time of the whole run (parts ran at once: their own times would overstate it)
     * @param resumes how often the run was continued
     */
    public static EmbedManifest joinParts(List<Path> parts, Path out, Path staging,
                                          EmbedManifest.Fingerprint fingerprint, double seconds, int resumes)
            throws IOException {
        return joinParts(parts, out, staging, fingerprint, seconds, resumes, null);
    }

    /** As above; {@code skipped}: what the input's filter left out over the whole input (null: nothing to say). */
    public static EmbedManifest joinParts(List<Path> parts, Path out, Path staging,
                                          EmbedManifest.Fingerprint fingerprint, double seconds, int resumes,
                                          EmbedManifest.Skipped skipped)
            throws IOException {
        List<EmbedManifest> manifests = new ArrayList<>();
        long rows = 0;
        EmbedManifest.Counts counts = EmbedManifest.Counts.ZERO;
        for (Path part : parts) {
            EmbedManifest m = EmbedManifest.read(part);
            if (!m.fingerprint().equals(fingerprint)) {
                throw new IllegalStateException(part + " was embedded from other input, model or settings:"
                        + differences(m.fingerprint(), fingerprint));
            }
            manifests.add(m);
            rows += m.rows();
            EmbedManifest.Counts c = m.counts();
            counts = new EmbedManifest.Counts(counts.texts() + c.texts(), counts.windowedTexts() + c.windowedTexts(),
                    counts.windows() + c.windows(), counts.wordPieces() + c.wordPieces(),
                    Math.max(counts.longestText(), c.longestText()));
        }
        if (manifests.isEmpty()) {
            throw new IllegalArgumentException("no parts to join");
        }
        int h = manifests.get(0).dimension();
        FileTrees.deleteTree(staging);
        Files.createDirectories(staging);
        Path data = staging.resolve(EmbedManifest.EMBEDDINGS);
        Path ids = staging.resolve(EmbedManifest.IDS);
        try (FileChannel rowsOut = FileChannel.open(data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             FileChannel idsOut = FileChannel.open(ids, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.wrap(NpyFormat.header(rows, h));
            while (header.hasRemaining()) {
                rowsOut.write(header);
            }
            for (int i = 0; i < parts.size(); i++) {
                Path partData = parts.get(i).resolve(manifests.get(i).embeddingsFile());
                try (FileChannel in = FileChannel.open(partData)) {
                    NpyFormat.Header ph = NpyFormat.read(in, partData);
                    if (ph.cols() != h || ph.rows() != manifests.get(i).rows()) {
                        throw new IllegalStateException(partData + " is [" + ph.rows() + ", " + ph.cols()
                                + "], its embed.json says [" + manifests.get(i).rows() + ", " + h + "]");
                    }
                    copy(in, ph.dataOffset(), ph.dataBytes(), rowsOut);
                }
                Path partIds = parts.get(i).resolve(manifests.get(i).idsFile());
                try (FileChannel in = FileChannel.open(partIds)) {
                    copy(in, 0, in.size(), idsOut);
                }
            }
            rowsOut.force(true);
            idsOut.force(true);
        }
        return publish(out, ids, data, fingerprint, rows, h, counts, seconds, resumes, skipped);
    }

    private static void copy(FileChannel in, long from, long bytes, FileChannel out) throws IOException {
        long done = 0;
        while (done < bytes) {
            long n = in.transferTo(from + done, bytes - done, out);
            if (n <= 0) {
                throw new IOException("could not copy " + bytes + " bytes (stopped at " + done + ")");
            }
            done += n;
        }
    }

    static EmbedManifest.ModelRecord modelRecord(ModelFolder folder) throws IOException {
        // the TF index file, or the Hugging Face weights file (or its shard index)
        Path index = folder.weightsSource();
        return new EmbedManifest.ModelRecord(folder.dir().toAbsolutePath().normalize().toString(),
                folder.checkpointPrefix().getFileName().toString(), Sha256.of(index), folder.config().hiddenSize(),
                folder.config().numHiddenLayers(), folder.config().maxPositionEmbeddings(), folder.doLowerCase(),
                folder.tokenizer().vocab().sha256());
    }

    private static long treeSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains(PARTIAL))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String differences(EmbedManifest.Fingerprint was, EmbedManifest.Fingerprint now) {
        List<String> d = new ArrayList<>();
        if (!was.input().equals(now.input())) {
            d.add(" input was " + was.input() + ", now " + now.input());
        }
        if (!was.model().equals(now.model())) {
            d.add(" model was " + was.model() + ", now " + now.model());
        }
        EmbedManifest.Fingerprint same = new EmbedManifest.Fingerprint(now.input(), now.model(), was.pooling(),
                was.layers(), was.hiddenStates(), was.maxSeqLength(), was.stride(), was.batch(), was.bufferTexts());
        if (!same.equals(now)) {
            d.add(" settings were pooling " + was.pooling() + ", layers " + was.layers() + ", max-seq-length "
                    + was.maxSeqLength() + ", stride " + was.stride() + ", batch " + was.batch() + ", buffer "
                    + was.bufferTexts() + "; now " + now.pooling() + ", " + now.layers() + ", " + now.maxSeqLength()
                    + ", " + now.stride() + ", " + now.batch() + ", " + now.bufferTexts());
        }
        return String.join(";", d);
    }

    static String version() {
        String v = EmbedJob.class.getPackage().getImplementationVersion();
        return "clinical-bert-workbench " + (v == null ? "dev" : v);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
