package org.clinicalbert.workbench.embed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.SkippedRecords;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code embed.json}: what produced an embedding folder, enough to embed queries the same way ({@code neighbors})
 * and to tell whether a resumed run is the same run ({@link Fingerprint}).
 *
 * @param skipped the records the input's filter left out (NOTEEVENTS: ISERROR=1 and unselected categories), counted
 *                and located; null for an input without a filter, and in a manifest written before it was recorded
 */
public record EmbedManifest(String workbenchVersion, String created, Fingerprint fingerprint, long rows,
                            int dimension, String dtype, String embeddingsFile, String idsFile, Counts counts,
                            Timings timings, Skipped skipped) {

    public EmbedManifest(String workbenchVersion, String created, Fingerprint fingerprint, long rows, int dimension,
                         String dtype, String embeddingsFile, String idsFile, Counts counts, Timings timings) {
        this(workbenchVersion, created, fingerprint, rows, dimension, dtype, embeddingsFile, idsFile, counts, timings,
                null);
    }

    public static final String FILE = "embed.json";
    public static final String EMBEDDINGS = "embeddings.npy";
    public static final String IDS = "ids.jsonl";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Everything the vectors depend on: the input file, the model and its weights, and the settings. */
    public record Fingerprint(InputRecord input, ModelRecord model, String pooling, String layers,
                              List<Integer> hiddenStates, int maxSeqLength, int stride, int batch, int bufferTexts) {
    }

    public record InputRecord(String path, String kind, long bytes, long modifiedMillis, String field,
                              String idField, List<String> categories) {
    }

    /**
     * @param checkpointIndexSha256 the TensorBundle index holds a CRC32C of every tensor, so its hash identifies
     *                              the weights without reading the (large) data file
     * @param vocabSha256 the tokenizer's vocabulary ({@link org.clinicalbert.workbench.tokenize.Vocab#sha256()}):
     *                    queries tokenized with another vocabulary of the same size would land elsewhere; null in a
     *                    manifest written before it was recorded
     */
    public record ModelRecord(String dir, String checkpoint, String checkpointIndexSha256, int hiddenSize,
                              int numHiddenLayers, int maxPositionEmbeddings, boolean doLowerCase,
                              String vocabSha256) {
    }

    /** @param windowedTexts texts longer than max_seq_length, embedded as several windows */
    public record Counts(long texts, long windowedTexts, long windows, long wordPieces, long longestText) {
        static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

        Counts plus(TextEmbedder.Embedded e) {
            return new Counts(texts + 1, windowedTexts + (e.windows() > 1 ? 1 : 0), windows + e.windows(),
                    wordPieces + e.pieces(), Math.max(longestText, e.pieces()));
        }
    }

    /** @param seconds embedding time over all starts; {@code resumes}: how often a killed run was continued */
    public record Timings(double seconds, double textsPerSecond, double wordPiecesPerSecond, int resumes) {
    }

    /**
     * Records left out of the input, by reason, with the line of the first {@link SkippedRecords#LOCATED} of each.
     *
     * @param atLines the 1-based line where each located record starts, by reason
     */
    public record Skipped(Map<String, Long> counts, Map<String, List<Long>> atLines) {

        /** What {@code tally} holds; null where there is no tally (an input without a filter). */
        public static Skipped of(SkippedRecords tally) {
            return tally == null ? null : new Skipped(tally.counts(), tally.firstLines());
        }

        /** {@code "3 (ISERROR=1) at lines 4, 9, 12; 1 (category not selected) at line 7"}; "none" when empty. */
        public String describe() {
            if (counts.isEmpty()) {
                return "none";
            }
            List<String> parts = new java.util.ArrayList<>();
            counts.forEach((why, n) -> parts.add(SkippedRecords.describe(why, n, atLines.get(why))));
            return String.join("; ", parts);
        }
    }

    public static EmbedManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InputFormatException(file, null, "not an embedding folder: " + FILE + " not found (written by "
                    + "`workbench embed`)");
        }
        try {
            EmbedManifest m = JSON.readValue(file.toFile(), EmbedManifest.class);
            if (m.fingerprint() == null || m.fingerprint().model() == null || m.embeddingsFile() == null) {
                throw new InputFormatException(file, null, "incomplete embed.json (no fingerprint, model or files)");
            }
            return m;
        } catch (IOException e) {
            throw new InputFormatException(file, null, "unreadable embed.json: " + e.getMessage());
        }
    }

    byte[] toJson() throws IOException {
        return JSON.writeValueAsBytes(this);
    }
}
