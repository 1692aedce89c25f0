package org.clinicalbert.workbench.data.pretrain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * google-research/bert {@code create_training_instances} step for step, on vocabulary ids, drawing from
 * {@link PythonRandom} exactly where the script draws from {@code rng}: for the same tokenised documents,
 * seed, vocabulary and settings the instances (and their order) are identical to the script's under Python 3.
 *
 * <p>One call is one run of the script: it holds all documents and instances of its input in memory and
 * shuffles both, as google does; large corpora are processed one input shard per call.
 */
public final class PretrainingInstanceCreator {

    /** Progress after each document of each dupe pass. */
    @FunctionalInterface
    public interface ProgressListener {
        void onDocument(long documentsDone, long documentsTotal, long instancesSoFar);

        ProgressListener NONE = (d, t, i) -> { };
    }

    private final PretrainingConfig config;
    private final PretrainingVocab vocab;

    public PretrainingInstanceCreator(PretrainingConfig config, PretrainingVocab vocab) {
        this.config = config;
        this.vocab = vocab;
    }

    /** Already-tokenised documents (sentences of WordPiece tokens) as google's reader builds them. */
    public List<TrainingInstance> createFromTokens(List<List<List<String>>> documents) {
        List<List<int[]>> ids = new ArrayList<>(documents.size());
        for (List<List<String>> doc : documents) {
            List<int[]> sentences = new ArrayList<>(doc.size());
            for (List<String> sentence : doc) {
                int[] s = new int[sentence.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = vocab.id(sentence.get(i));
                    if (s[i] < 0) {
                        throw new IllegalArgumentException("token '" + sentence.get(i) + "' is not in the vocabulary");
                    }
                }
                sentences.add(s);
            }
            ids.add(sentences);
        }
        return create(ids, ProgressListener.NONE);
    }

    /**
     * {@code create_training_instances} after reading: drops empty documents (and empty sentences, which
     * google's reader never adds), shuffles the documents, runs dupe_factor passes, shuffles the instances.
     * The given list is not modified.
     */
    public List<TrainingInstance> create(List<List<int[]>> documents, ProgressListener progress) {
        List<int[][]> allDocuments = new ArrayList<>(documents.size());
        for (List<int[]> doc : documents) {
            int[][] sentences = doc.stream().filter(s -> s.length > 0).toArray(int[][]::new);
            if (sentences.length > 0) {
                allDocuments.add(sentences);
            }
        }
        PythonRandom rng = new PythonRandom(config.randomSeed());
        rng.shuffle(allDocuments);

        List<TrainingInstance> instances = new ArrayList<>();
        long total = (long) config.dupeFactor() * allDocuments.size();
        long done = 0;
        for (int dupe = 0; dupe < config.dupeFactor(); dupe++) {
            for (int documentIndex = 0; documentIndex < allDocuments.size(); documentIndex++) {
                createFromDocument(allDocuments, documentIndex, rng, instances);
                progress.onDocument(++done, total, instances.size());
            }
        }
        rng.shuffle(instances);
        return instances;
    }

    private void createFromDocument(List<int[][]> allDocuments, int documentIndex, PythonRandom rng,
                                    List<TrainingInstance> out) {
        int[][] document = allDocuments.get(documentIndex);
        int maxNumTokens = config.maxSeqLength() - 3; // [CLS], [SEP], [SEP]
        int targetSeqLength = maxNumTokens;
        if (rng.random() < config.shortSeqProb()) {
            targetSeqLength = rng.randint(2, maxNumTokens);
        }

        List<int[]> currentChunk = new ArrayList<>();
        int currentLength = 0;
        int i = 0;
        while (i < document.length) {
            int[] segment = document[i];
            currentChunk.add(segment);
            currentLength += segment.length;
            if (i == document.length - 1 || currentLength >= targetSeqLength) {
                if (!currentChunk.isEmpty()) {
                    int aEnd = 1;
                    if (currentChunk.size() >= 2) {
                        aEnd = rng.randint(1, currentChunk.size() - 1);
                    }
                    IntSpan tokensA = new IntSpan();
                    for (int j = 0; j < aEnd; j++) {
                        tokensA.addAll(currentChunk.get(j));
                    }
                    IntSpan tokensB = new IntSpan();
                    boolean isRandomNext;
                    if (currentChunk.size() == 1 || rng.random() < 0.5) {
                        isRandomNext = true;
                        int targetBLength = targetSeqLength - tokensA.size();
                        // google tries 10 times to pick another document, then keeps the last pick
                        int randomDocumentIndex = 0;
                        for (int attempt = 0; attempt < 10; attempt++) {
                            randomDocumentIndex = rng.randint(0, allDocuments.size() - 1);
                            if (randomDocumentIndex != documentIndex) {
                                break;
                            }
                        }
                        int[][] randomDocument = allDocuments.get(randomDocumentIndex);
                        int randomStart = rng.randint(0, randomDocument.length - 1);
                        for (int j = randomStart; j < randomDocument.length; j++) {
                            tokensB.addAll(randomDocument[j]);
                            if (tokensB.size() >= targetBLength) {
                                break;
                            }
                        }
                        // the segments after A were not used: "put them back"
                        i -= currentChunk.size() - aEnd;
                    } else {
                        isRandomNext = false;
                        for (int j = aEnd; j < currentChunk.size(); j++) {
                            tokensB.addAll(currentChunk.get(j));
                        }
                    }
                    truncateSeqPair(tokensA, tokensB, maxNumTokens, rng);
                    if (tokensA.size() < 1 || tokensB.size() < 1) {
                        // google asserts; unreachable for max_seq_length >= 5 with non-empty sentences
                        throw new IllegalStateException("empty segment after truncation");
                    }
                    out.add(buildInstance(tokensA, tokensB, isRandomNext, rng));
                }
                currentChunk.clear();
                currentLength = 0;
            }
            i++;
        }
    }

    private TrainingInstance buildInstance(IntSpan a, IntSpan b, boolean isRandomNext, PythonRandom rng) {
        int n = a.size() + b.size() + 3;
        int[] tokens = new int[n];
        int p = 0;
        tokens[p++] = vocab.clsId();
        p = a.copyTo(tokens, p);
        tokens[p++] = vocab.sepId();
        int segmentA = p;
        p = b.copyTo(tokens, p);
        tokens[p] = vocab.sepId();
        return createMaskedLmPredictions(tokens, segmentA, isRandomNext, rng);
    }

    /** {@code create_masked_lm_predictions}: candidate (whole-word) groups, shuffled, 80/10/10 replacement. */
    private TrainingInstance createMaskedLmPredictions(int[] tokens, int segmentA, boolean isRandomNext,
                                                       PythonRandom rng) {
        // Candidate groups as [start, length] over candidate positions: a "##" piece joins the previous
        // group under whole-word masking (google looks at the previous *candidate*, skipping [CLS]/[SEP]).
        int[] groupIndexes = new int[tokens.length];
        int[] groupStart = new int[tokens.length];
        int[] groupLength = new int[tokens.length];
        int groups = 0;
        int candidates = 0;
        for (int i = 0; i < tokens.length; i++) {
            int t = tokens[i];
            if (t == vocab.clsId() || t == vocab.sepId()) {
                continue;
            }
            groupIndexes[candidates] = i;
            if (config.doWholeWordMask() && groups >= 1 && vocab.isContinuation(t)) {
                groupLength[groups - 1]++;
            } else {
                groupStart[groups] = candidates;
                groupLength[groups] = 1;
                groups++;
            }
            candidates++;
        }
        int[] order = new int[groups];
        for (int g = 0; g < groups; g++) {
            order[g] = g;
        }
        rng.shuffle(order);

        int[] output = tokens.clone();
        // Python 3 round(): half to even, like Math.rint
        int numToPredict = Math.min(config.maxPredictionsPerSeq(),
                Math.max(1, (int) Math.rint(tokens.length * config.maskedLmProb())));

        int[] positions = new int[numToPredict];
        int masked = 0;
        boolean[] covered = new boolean[tokens.length];
        for (int g : order) {
            if (masked >= numToPredict) {
                break;
            }
            int len = groupLength[g];
            if (masked + len > numToPredict) {
                continue;
            }
            boolean anyCovered = false;
            for (int k = 0; k < len; k++) {
                if (covered[groupIndexes[groupStart[g] + k]]) {
                    anyCovered = true;
                    break;
                }
            }
            if (anyCovered) {
                continue;
            }
            for (int k = 0; k < len; k++) {
                int index = groupIndexes[groupStart[g] + k];
                covered[index] = true;
                int maskedToken;
                if (rng.random() < 0.8) {
                    maskedToken = vocab.maskId();
                } else if (rng.random() < 0.5) {
                    maskedToken = tokens[index];
                } else {
                    maskedToken = rng.randint(0, vocab.size() - 1);
                }
                output[index] = maskedToken;
                positions[masked++] = index;
            }
        }
        int[] sortedPositions = Arrays.copyOf(positions, masked);
        Arrays.sort(sortedPositions);
        int[] labels = new int[masked];
        for (int k = 0; k < masked; k++) {
            labels[k] = tokens[sortedPositions[k]];
        }
        return new TrainingInstance(output, segmentA, isRandomNext, sortedPositions, labels);
    }

    /** {@code truncate_seq_pair}: trim the longer side (B on ties), front or back at random. */
    private static void truncateSeqPair(IntSpan a, IntSpan b, int maxNumTokens, PythonRandom rng) {
        while (a.size() + b.size() > maxNumTokens) {
            IntSpan trunc = a.size() > b.size() ? a : b;
            if (rng.random() < 0.5) {
                trunc.removeFirst();
            } else {
                trunc.removeLast();
            }
        }
    }

    /** A growable int list that can drop from both ends in O(1) (google's `del x[0]` / `x.pop()`). */
    private static final class IntSpan {
        private int[] data = new int[64];
        private int start;
        private int end;

        void addAll(int[] values) {
            if (end + values.length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, end + values.length));
            }
            System.arraycopy(values, 0, data, end, values.length);
            end += values.length;
        }

        int size() {
            return end - start;
        }

        void removeFirst() {
            start++;
        }

        void removeLast() {
            end--;
        }

        int copyTo(int[] dest, int offset) {
            System.arraycopy(data, start, dest, offset, size());
            return offset + size();
        }
    }
}
