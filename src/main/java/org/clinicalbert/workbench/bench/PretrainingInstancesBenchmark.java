package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.checkpoint.TfRecordWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.data.pretrain.PretrainingConfig;
import org.clinicalbert.workbench.data.pretrain.PretrainingDocuments;
import org.clinicalbert.workbench.data.pretrain.PretrainingInstanceCreator;
import org.clinicalbert.workbench.data.pretrain.PretrainingShardReader;
import org.clinicalbert.workbench.data.pretrain.PretrainingShardWriter;
import org.clinicalbert.workbench.data.pretrain.PretrainingVocab;
import org.clinicalbert.workbench.data.pretrain.TfExampleEncoder;
import org.clinicalbert.workbench.data.pretrain.TrainingInstance;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.runtime.MachineFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Throughput of pretraining-instance creation (google's algorithm, default settings) on synthetic text:
 * Zipf-distributed words from a 30k vocabulary, documents of 3-40 sentences of 4-40 words, tokenised by
 * whitespace (the WordPiece tokenizer is measured by its own benchmark). Writes {@code pretrain-instances.json} and
 * {@code .md}: {@code workbench bench pretrain-instances --megabytes 4}.
 */
public final class PretrainingInstancesBenchmark {

    private static final Logger log = LoggerFactory.getLogger(PretrainingInstancesBenchmark.class);

    /** The stem of the result files. */
    public static final String STEM = "pretrain-instances";

    private PretrainingInstancesBenchmark() {
    }

    /** Creates instances from {@code megabytes} MiB of synthetic text and writes the results under {@code outDir}. */
    public static Map<String, Object> run(Path outDir, double megabytes) throws IOException {
        List<String> words = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = 0; words.size() < 30000; i++) {
            words.add("w" + i);
        }
        PretrainingVocab vocab = new PretrainingVocab(words);
        Path tmp = Files.createTempDirectory("pretrain-bench");
        Path input = tmp.resolve("synthetic.txt");
        writeSynthetic(input, words, (long) (megabytes * (1 << 20)));
        Function<String, List<String>> whitespace = line -> Arrays.asList(line.split(" "));
        PretrainingConfig config = PretrainingConfig.defaults();

        // warm-up (JIT), then timed passes; the median is reported
        List<List<int[]>> documents = PretrainingDocuments.read(input, whitespace, vocab);
        new PretrainingInstanceCreator(config.withDupeFactor(1), vocab).create(documents, PretrainingInstanceCreator.ProgressListener.NONE);

        int passes = 5;
        double[] readSeconds = new double[passes];
        double[] createSeconds = new double[passes];
        double[] writeSeconds = new double[passes];
        double[] readBackSeconds = new double[passes];
        double[] tfrecordSeconds = new double[passes];
        long instances = 0;
        long tokens = 0;
        Path shard = tmp.resolve("synthetic.cbpt");
        Path tfrecord = tmp.resolve("synthetic.tfrecord");
        for (int p = 0; p < passes; p++) {
            long t0 = System.nanoTime();
            documents = PretrainingDocuments.read(input, whitespace, vocab);
            long t1 = System.nanoTime();
            List<TrainingInstance> created = new PretrainingInstanceCreator(config, vocab)
                    .create(documents, PretrainingInstanceCreator.ProgressListener.NONE);
            long t2 = System.nanoTime();
            PretrainingShardWriter.write(shard, config.maxSeqLength(), config.maxPredictionsPerSeq(), vocab.size(), created);
            long t3 = System.nanoTime();
            long read = 0;
            try (PretrainingShardReader r = new PretrainingShardReader(shard)) {
                while (r.hasNext()) {
                    read += r.next().length();
                }
            }
            long t4 = System.nanoTime();
            TfExampleEncoder encoder = new TfExampleEncoder(config.maxSeqLength(), config.maxPredictionsPerSeq());
            AtomicFiles.write(tfrecord, out -> {
                TfRecordWriter w = new TfRecordWriter(out);
                for (TrainingInstance t : created) {
                    w.write(encoder.encode(t));
                }
            });
            long t5 = System.nanoTime();
            readSeconds[p] = (t1 - t0) / 1e9;
            createSeconds[p] = (t2 - t1) / 1e9;
            writeSeconds[p] = (t3 - t2) / 1e9;
            readBackSeconds[p] = (t4 - t3) / 1e9;
            tfrecordSeconds[p] = (t5 - t4) / 1e9;
            instances = created.size();
            tokens = read;
        }
        long inputBytes = Files.size(input);
        long shardBytes = Files.size(shard);
        long tfrecordBytes = Files.size(tfrecord);
        long sentences = documents.stream().mapToLong(List::size).sum();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "pretraining instance creation (google create_pretraining_data.py algorithm)");
        result.put("config", config.toString());
        result.put("input_megabytes", megabytes);
        result.put("input_bytes", inputBytes);
        result.put("documents", documents.size());
        result.put("sentences", sentences);
        result.put("instances", instances);
        result.put("instance_tokens", tokens);
        result.put("passes", passes);
        result.put("read_tokenize_s", median(readSeconds));
        result.put("create_s", median(createSeconds));
        result.put("create_instances_per_s", instances / median(createSeconds));
        result.put("create_instances_per_s_best", instances / Arrays.stream(createSeconds).min().orElseThrow());
        result.put("write_cbpt_s", median(writeSeconds));
        result.put("read_cbpt_instances_per_s", instances / median(readBackSeconds));
        result.put("write_tfrecord_s", median(tfrecordSeconds));
        result.put("end_to_end_instances_per_s",
                instances / (median(readSeconds) + median(createSeconds) + median(writeSeconds)));
        result.put("cbpt_bytes", shardBytes);
        result.put("tfrecord_bytes", tfrecordBytes);
        result.put("threads", 1);
        result.put("machine", MachineFacts.captureHost().toMap());

        Files.createDirectories(outDir);
        ObjectMapper json = Json.PRETTY;
        AtomicFiles.writeBytes(outDir.resolve(STEM + ".json"), json.writeValueAsBytes(result));
        AtomicFiles.writeString(outDir.resolve(STEM + ".md"), markdown(result));
        Files.deleteIfExists(shard);
        Files.deleteIfExists(tfrecord);
        Files.deleteIfExists(input);
        Files.deleteIfExists(tmp);
        log.info("pretraining instances: {}", result);
        return result;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String markdown(Map<String, Object> r) {
        return "# Pretraining instance creation throughput\n\n"
                + "Synthetic text (Zipf words over a 30k vocabulary, whitespace-tokenised), google's algorithm with "
                + "default settings, one thread, median of " + r.get("passes") + " passes after a warm-up.\n\n"
                + "| measure | value |\n|---|---|\n"
                + String.format("| input | %,d bytes, %,d documents, %,d sentences |%n", r.get("input_bytes"), r.get("documents"), r.get("sentences"))
                + String.format("| instances (dupe_factor 5) | %,d (%,d tokens) |%n", r.get("instances"), r.get("instance_tokens"))
                + String.format("| read + tokenise | %.2f s |%n", (double) r.get("read_tokenize_s"))
                + String.format("| create | %.2f s = **%,.0f instances/s** (best pass %,.0f/s) |%n", (double) r.get("create_s"),
                        (double) r.get("create_instances_per_s"), (double) r.get("create_instances_per_s_best"))
                + String.format("| write .cbpt | %.2f s (%,d bytes) |%n", (double) r.get("write_cbpt_s"), r.get("cbpt_bytes"))
                + String.format("| read .cbpt back | %,.0f instances/s |%n", (double) r.get("read_cbpt_instances_per_s"))
                + String.format("| write .tfrecord | %.2f s (%,d bytes) |%n", (double) r.get("write_tfrecord_s"), r.get("tfrecord_bytes"))
                + String.format("| end to end (read, create, write .cbpt) | %,.0f instances/s |%n", (double) r.get("end_to_end_instances_per_s"))
                + "\nJava " + machine(r).get("java") + ", " + machine(r).get("cores") + " CPUs visible, load average "
                + String.format("%.1f", (double) machine(r).get("load_average")) + " (with other jobs on the machine the "
                + "best pass is closer to the cost on an idle core).\n\n"
                + "Reproduce: `./workbench bench pretrain-instances --megabytes "
                + java.math.BigDecimal.valueOf((double) r.get("input_megabytes")).stripTrailingZeros().toPlainString()
                + "`\n";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> machine(Map<String, Object> result) {
        return (Map<String, Object>) result.get("machine");
    }

    private static void writeSynthetic(Path file, List<String> words, long bytes) throws IOException {
        Random random = new Random(42);
        // Zipf-like: rank r with weight 1/r over the non-special words
        int n = words.size() - 5;
        double[] cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1.0 / (r + 1);
            cdf[r] = sum;
        }
        try (OutputStream os = Files.newOutputStream(file);
             BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
            long written = 0;
            while (written < bytes) {
                int sentences = 3 + random.nextInt(38);
                for (int s = 0; s < sentences; s++) {
                    int len = 4 + random.nextInt(37);
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < len; k++) {
                        int idx = Arrays.binarySearch(cdf, random.nextDouble() * sum);
                        idx = idx < 0 ? -idx - 1 : idx;
                        sb.append(k == 0 ? "" : " ").append(words.get(5 + Math.min(idx, n - 1)));
                    }
                    sb.append('\n');
                    w.write(sb.toString());
                    written += sb.length();
                }
                w.write('\n');
                written++;
            }
        }
    }
}
