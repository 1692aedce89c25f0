package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.data.pretrain.PretrainingDataGenerator;
import org.clinicalbert.workbench.data.pretrain.PretrainingShardReader;
import org.clinicalbert.workbench.data.pretrain.TrainingInstance;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.MaskedLmHead;
import org.clinicalbert.workbench.model.NextSentenceHead;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Pretraining batches streamed from {@code .cbpt} shards, never holding more than one batch of instances.
 *
 * <p>The instances form an endless stream of passes over the data, as run_pretraining's
 * {@code dataset.repeat()}: pass {@code k} reads the shards in an order shuffled by (seed, k), each shard front
 * to back (create_pretraining_data already shuffled the instances inside a shard). Two ways to cut it:
 * <ul>
 *   <li>by epochs: epoch {@code e} is pass {@code e}, its last batch possibly short;</li>
 *   <li>by steps ({@code stepsPerEpoch > 0}): one "epoch" of that many full batches running over as many passes
 *       as it needs. This is how google counts pretraining (num_train_steps), and it needs no pass to fit a
 *       whole number of steps, so it is the mode for large data.</li>
 * </ul>
 * {@link #batches} returns a lazy list whose batches are read on demand from one shared cursor; reading in
 * order (the training loop's way) streams, a jump (a resume) re-opens the right shard and skips to the
 * instance. Every batch is a pure function of (seed, epoch, index), so a resumed run sees the same batches.
 */
public final class PretrainingBatches implements EpochData, Closeable {

    private final List<Path> shards;
    private final long[] counts;
    private final long total;
    private final int batchSize;
    private final int maxPredictions;
    private final long seed;
    private final long stepsPerEpoch;
    private final Cursor cursor = new Cursor();

    private PretrainingBatches(List<Path> shards, long[] counts, int batchSize, int maxPredictions, long seed,
                               long stepsPerEpoch) {
        this.shards = shards;
        this.counts = counts;
        this.total = Arrays.stream(counts).sum();
        this.batchSize = batchSize;
        this.maxPredictions = maxPredictions;
        this.seed = seed;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /**
     * The {@code .cbpt} files among {@code inputs}: a file as given, a directory's {@code *.cbpt} sorted by name.
     * A missing path, or a directory without shards, is an {@link InputFormatException} naming it.
     */
    public static List<Path> shardFiles(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    List<Path> found = files.filter(f -> f.getFileName().toString()
                            .endsWith(PretrainingDataGenerator.SHARD_SUFFIX)).sorted().toList();
                    if (found.isEmpty()) {
                        throw new InputFormatException(p, null, "no pretraining shards (*"
                                + PretrainingDataGenerator.SHARD_SUFFIX + ") in this directory");
                    }
                    out.addAll(found);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else {
                throw new InputFormatException(p, null, "pretraining data not found");
            }
        }
        return out;
    }

    /**
     * Opens the shards, checking each completely before any training (a truncated or corrupt shard found hours
     * into a run would waste them; a pass of reading is cheap next to a training step): header, every record,
     * CRC, and that its ids and lengths fit the model.
     *
     * @param stepsPerEpoch 0 for one pass per epoch, else the number of batches of the single epoch
     */
    public static PretrainingBatches open(List<Path> shardFiles, int modelVocabSize, int maxPositions, int batchSize,
                                          int maxPredictions, long seed, long stepsPerEpoch) {
        if (batchSize < 1 || maxPredictions < 1 || stepsPerEpoch < 0) {
            throw new IllegalArgumentException("batch size and max predictions must be >= 1, steps >= 0");
        }
        if (shardFiles.isEmpty()) {
            throw new IllegalArgumentException("no pretraining shards given");
        }
        long[] counts = new long[shardFiles.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = validate(shardFiles.get(i), modelVocabSize, maxPositions);
        }
        if (Arrays.stream(counts).sum() == 0) {
            throw new InputFormatException(shardFiles.get(0), null, "the pretraining shards hold no instances");
        }
        return new PretrainingBatches(List.copyOf(shardFiles), counts, batchSize, maxPredictions, seed, stepsPerEpoch);
    }

    private static long validate(Path shard, int modelVocabSize, int maxPositions) {
        try (PretrainingShardReader r = new PretrainingShardReader(shard)) {
            if (r.vocabSize() > modelVocabSize) {
                throw new InputFormatException(shard, "header", "shard was made with a vocabulary of " + r.vocabSize()
                        + " words but the model's vocab_size is " + modelVocabSize + ": wrong vocab.txt?");
            }
            if (r.maxSeqLength() > maxPositions) {
                throw new InputFormatException(shard, "header", "max_seq_length " + r.maxSeqLength()
                        + " exceeds the model's max_position_embeddings " + maxPositions);
            }
            while (r.hasNext()) {
                r.next();          // the reader range-checks each record and the CRC after the last
            }
            return r.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + shard, e);
        }
    }

    /** Instances in one pass over the data. */
    public long instances() {
        return total;
    }

    @Override
    public List<Batch> batches(int epoch) {
        long size = stepsPerEpoch > 0 ? stepsPerEpoch : (total + batchSize - 1) / batchSize;
        return new AbstractList<>() {
            @Override
            public Batch get(int index) {
                if (index < 0 || index >= size) {
                    throw new IndexOutOfBoundsException(index);
                }
                long from;
                long to;
                if (stepsPerEpoch > 0) {
                    from = (epoch * stepsPerEpoch + index) * batchSize;
                    to = from + batchSize;
                } else {
                    from = epoch * total + (long) index * batchSize;
                    to = Math.min(from + batchSize, (epoch + 1) * total);
                }
                return toBatch(cursor.read(from, (int) (to - from)), maxPredictions);
            }

            @Override
            public int size() {
                return (int) size;
            }
        };
    }

    /**
     * Instances to placeholders: input_ids, token_type_ids and input_mask padded to the longest instance of the
     * batch; masked positions, ids and weights (1 real, 0 padding) padded to {@code maxPredictions};
     * next_sentence_labels 1 for a random B (google: 0 = IsNext).
     *
     * <p>An instance with more predictions than {@code maxPredictions} (the study made its data with 22 and
     * trained with 20) keeps its first {@code maxPredictions} in position order: those are scored, the rest stay
     * corrupted in the input but unscored. TensorFlow's fixed-length parser would instead reject such a record,
     * so this is the closest reading that trains at all: it is what data made with the training value plus a
     * little extra corruption would give.
     */
    static Batch toBatch(List<TrainingInstance> instances, int maxPredictions) {
        int b = instances.size();
        int t = instances.stream().mapToInt(TrainingInstance::length).max().orElse(1);
        int[][] ids = new int[b][t];
        int[][] seg = new int[b][t];
        int[][] mask = new int[b][t];
        int[][] positions = new int[b][maxPredictions];
        int[][] labelIds = new int[b][maxPredictions];
        float[][] weights = new float[b][maxPredictions];
        int[] nextLabels = new int[b];
        long tokens = 0;
        for (int i = 0; i < b; i++) {
            TrainingInstance x = instances.get(i);
            int n = x.length();
            System.arraycopy(x.tokenIds(), 0, ids[i], 0, n);
            Arrays.fill(seg[i], x.segmentALength(), n, 1);
            Arrays.fill(mask[i], 0, n, 1);
            int m = Math.min(x.numMasked(), maxPredictions);
            System.arraycopy(x.maskedLmPositions(), 0, positions[i], 0, m);
            System.arraycopy(x.maskedLmLabelIds(), 0, labelIds[i], 0, m);
            Arrays.fill(weights[i], 0, m, 1f);
            nextLabels[i] = x.isRandomNext() ? 1 : 0;
            tokens += n;
        }
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(BertGraph.INPUT_IDS, Nd4j.createFromArray(ids));
        feeds.put(BertGraph.TOKEN_TYPE_IDS, Nd4j.createFromArray(seg));
        feeds.put(BertGraph.INPUT_MASK, Nd4j.createFromArray(mask));
        feeds.put(MaskedLmHead.POSITIONS, Nd4j.createFromArray(positions));
        feeds.put(MaskedLmHead.LABEL_IDS, Nd4j.createFromArray(labelIds));
        feeds.put(MaskedLmHead.LABEL_WEIGHTS, Nd4j.createFromArray(weights));
        feeds.put(NextSentenceHead.LABELS, Nd4j.createFromArray(nextLabels));
        return new Batch(feeds, b, tokens);
    }

    @Override
    public void close() {
        cursor.close();
    }

    /** The shard order of pass {@code pass}. */
    private int[] order(long pass) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed * 1_000_003L + pass));
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A position in the endless stream: an open reader and the global index of its next instance. */
    private final class Cursor implements Closeable {
        private long position = -1;
        private long pass = -1;
        private int[] order;
        private int slot;
        private PretrainingShardReader reader;

        List<TrainingInstance> read(long from, int n) {
            if (from != position) {
                seek(from);
            }
            List<TrainingInstance> out = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                out.add(nextInstance());
            }
            return out;
        }

        private TrainingInstance nextInstance() {
            try {
                while (reader == null || !reader.hasNext()) {
                    closeReader();
                    slot++;
                    if (slot == order.length) {
                        pass++;
                        order = order(pass);
                        slot = 0;
                    }
                    reader = new PretrainingShardReader(shards.get(order[slot]));
                }
                position++;
                return reader.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Jumps to instance {@code target}: whole shards are skipped by their counts, then records by reading. */
        private void seek(long target) {
            closeReader();
            pass = target / total;
            order = order(pass);
            long skip = target % total;
            slot = 0;
            while (skip >= counts[order[slot]]) {
                skip -= counts[order[slot]];
                slot++;
            }
            try {
                reader = new PretrainingShardReader(shards.get(order[slot]));
                for (long k = 0; k < skip; k++) {
                    reader.next();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            position = target;
        }

        private void closeReader() {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                reader = null;
            }
        }

        @Override
        public void close() {
            closeReader();
        }
    }
}
