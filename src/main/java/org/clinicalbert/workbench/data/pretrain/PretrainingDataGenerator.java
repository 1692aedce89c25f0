package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.checkpoint.TfRecordWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.SkippedRecords;
import org.clinicalbert.workbench.tokenize.Vocab;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Turns input text shards into pretraining shards, one input file at a time: each input file is one run of
 * google's script with the configured seed (exactly what running create_pretraining_data.py per shard does),
 * so memory is bounded by the largest input file, not the corpus.
 *
 * <p>Per input {@code NAME} it writes {@code NAME.cbpt} (see {@link PretrainingShardWriter}), optionally
 * {@code NAME.tfrecord}, and last {@code NAME.cbpt.json}, a manifest of the settings; every file is written
 * atomically, so a shard with a manifest is complete. Re-running skips shards whose manifest matches the
 * current settings (input name and size, config, vocabulary) and refuses to overwrite one made with other
 * settings; a shard whose manifest matches but whose TFRecord is now wanted is regenerated (deterministic).
 */
public final class PretrainingDataGenerator {

    private static final Logger log = LoggerFactory.getLogger(PretrainingDataGenerator.class);

    public static final String SHARD_SUFFIX = ".cbpt";
    public static final String TFRECORD_SUFFIX = ".tfrecord";
    public static final String MANIFEST_SUFFIX = ".cbpt.json";

    /** Progress within one input file: reading/tokenising is the first half, creating the second. */
    @FunctionalInterface
    public interface ShardProgress {
        void onProgress(double fractionOfShard, long instancesSoFar);

        ShardProgress NONE = (f, i) -> { };
    }

    /** What happened to one input file. */
    public record ShardResult(Path input, Path shard, boolean skipped, long instances) {
    }

    /** Manifest keys: how many non-blank input lines made no tokens, and the first {@link SkippedRecords#LOCATED} of them. */
    public static final String SKIPPED_LINES = "skipped_lines";
    public static final String SKIPPED_AT = "skipped_at_lines";
    private static final String NO_TOKENS = "no tokens";

    private final PretrainingConfig config;
    private final PretrainingVocab vocab;
    private final Function<String, List<String>> tokenizer;
    private final boolean writeTfRecord;
    private final String vocabSha256;
    private final ObjectMapper json = Json.PRETTY;

    public PretrainingDataGenerator(PretrainingConfig config, PretrainingVocab vocab,
                                    Function<String, List<String>> tokenizer, boolean writeTfRecord) {
        this.config = config;
        this.vocab = vocab;
        this.tokenizer = tokenizer;
        this.writeTfRecord = writeTfRecord;
        this.vocabSha256 = Vocab.sha256(vocab.words());
    }

    /**
     * Refuses a shard whose manifest records another vocabulary than {@code vocab}: its token ids would index
     * other words, silently, whenever the two vocabularies have the same size. A shard without a manifest (written
     * by another tool) is not checked.
     */
    public static void requireVocabulary(Path shard, Vocab vocab, Path vocabSource) throws IOException {
        String name = shard.getFileName().toString();
        Path manifest = shard.resolveSibling(name.substring(0, name.length() - SHARD_SUFFIX.length()) + MANIFEST_SUFFIX);
        if (!name.endsWith(SHARD_SUFFIX) || !Files.isRegularFile(manifest)) {
            return;
        }
        JsonNode m = Json.MAPPER.readTree(manifest.toFile());
        JsonNode recorded = m.path("vocab_sha256");
        String now = vocab.sha256(); // hashed once per vocabulary, however many shards
        if (recorded.isTextual() && !recorded.asText().equals(now)) {
            throw new InputFormatException(manifest, "vocab_sha256", "the shard was prepared with another vocabulary "
                    + "than " + vocabSource + " (sha256 " + recorded.asText() + " here, " + now + " of "
                    + vocabSource.getFileName() + (m.path("vocab_size").asInt(-1) == vocab.size()
                    ? ", though both have " + vocab.size() + " entries" : "") + "): rerun pretrain-data with "
                    + "that --vocab");
        }
    }

    /** A file, or the regular non-hidden files directly inside a directory, sorted by name. */
    public static List<Path> inputFiles(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "no such input file or directory");
        }
        try (Stream<Path> files = Files.list(input)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    public ShardResult process(Path inputFile, Path outDir, ShardProgress progress) throws IOException {
        String name = inputFile.getFileName().toString();
        Path shard = outDir.resolve(name + SHARD_SUFFIX);
        Path tfrecord = outDir.resolve(name + TFRECORD_SUFFIX);
        Path manifestFile = outDir.resolve(name + MANIFEST_SUFFIX);
        Map<String, Object> settings = settings(inputFile);

        if (Files.exists(manifestFile)) {
            // compare as parsed JSON on both sides, so number types agree
            JsonNode current = json.readTree(json.writeValueAsBytes(settings));
            ObjectNode previous = readManifest(manifestFile);
            JsonNode instances = previous.remove("instances");
            previous.remove(SKIPPED_LINES); // what the input held, not a setting
            previous.remove(SKIPPED_AT);
            JsonNode before = previous.path("vocab_sha256");
            if (before.isTextual() && !before.asText().equals(vocabSha256)) {
                // the one difference that would otherwise be a dump of two settings maps
                throw new InputFormatException(manifestFile, "vocab_sha256", "the shard was prepared with another "
                        + "vocabulary (sha256 " + before.asText() + ") than this --vocab (sha256 " + vocabSha256
                        + "): use another output directory or delete that shard");
            }
            if (!current.equals(previous)) {
                throw new InputFormatException(manifestFile, null, "was made with other settings or another input: "
                        + "use another output directory or delete that shard (" + previous + " vs " + settings + ")");
            }
            if (Files.exists(shard) && (!writeTfRecord || Files.exists(tfrecord))) {
                log.info("skipping {}: {} is complete", inputFile, shard);
                return new ShardResult(inputFile, shard, true, instances == null ? -1 : instances.asLong());
            }
        }

        long size = Math.max(1, Files.size(inputFile));
        SkippedRecords skipped = new SkippedRecords();
        List<List<int[]>> documents = PretrainingDocuments.read(inputFile, tokenizer, vocab,
                bytes -> progress.onProgress(0.5 * bytes / size, 0), line -> skipped.add(NO_TOKENS, line));
        if (documents.isEmpty()) {
            // an empty shard would be "written" and only pretrain would find nothing in it
            throw new InputFormatException(inputFile, null, "no text to make pretraining instances from (the file "
                    + "is empty or blank)");
        }
        List<TrainingInstance> instances = new PretrainingInstanceCreator(config, vocab).create(documents,
                (done, total, created) -> progress.onProgress(0.5 + 0.5 * done / Math.max(1, total), created));
        PretrainingShardWriter.write(shard, config.maxSeqLength(), config.maxPredictionsPerSeq(), vocab.size(), instances);
        if (writeTfRecord) {
            TfExampleEncoder encoder = new TfExampleEncoder(config.maxSeqLength(), config.maxPredictionsPerSeq());
            AtomicFiles.write(tfrecord, out -> {
                TfRecordWriter writer = new TfRecordWriter(out);
                for (TrainingInstance t : instances) {
                    writer.write(encoder.encode(t));
                }
            });
        }
        Map<String, Object> manifest = new LinkedHashMap<>(settings);
        manifest.put("instances", instances.size());
        if (!skipped.isEmpty()) {
            // counted and located, in the shard's manifest and on the console
            long n = skipped.counts().get(NO_TOKENS);
            List<Long> skippedAt = skipped.firstLines().get(NO_TOKENS);
            manifest.put(SKIPPED_LINES, n);
            manifest.put(SKIPPED_AT, skippedAt);
            log.warn("{}: skipped {} line(s) the tokenizer makes nothing of: line(s) {}{}", inputFile, n,
                    skippedAt, n > skippedAt.size() ? ", ..." : "");
        }
        AtomicFiles.writeBytes(manifestFile, json.writeValueAsBytes(manifest));
        log.info("{}: {} documents -> {} instances in {}", inputFile, documents.size(), instances.size(), shard);
        return new ShardResult(inputFile, shard, false, instances.size());
    }

    private ObjectNode readManifest(Path manifestFile) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(manifestFile.toFile());
        } catch (JsonProcessingException e) {
            throw new InputFormatException(manifestFile, "line " + e.getLocation().getLineNr(),
                    "unreadable shard manifest: delete it to regenerate the shard", e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InputFormatException(manifestFile, "", "shard manifest is not a JSON object: delete it to regenerate the shard");
        }
        return object;
    }

    private Map<String, Object> settings(Path inputFile) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "cbpt/" + PretrainingShardWriter.VERSION);
        m.put("input", inputFile.getFileName().toString());
        m.put("input_bytes", Files.size(inputFile));
        m.put("max_seq_length", config.maxSeqLength());
        m.put("max_predictions_per_seq", config.maxPredictionsPerSeq());
        m.put("masked_lm_prob", config.maskedLmProb());
        m.put("dupe_factor", config.dupeFactor());
        m.put("short_seq_prob", config.shortSeqProb());
        m.put("random_seed", config.randomSeed());
        m.put("do_whole_word_mask", config.doWholeWordMask());
        m.put("vocab_size", vocab.size());
        m.put("vocab_sha256", vocabSha256);
        return m;
    }
}
