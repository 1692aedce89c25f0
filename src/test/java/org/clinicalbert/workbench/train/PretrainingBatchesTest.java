package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.data.pretrain.TrainingInstance;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.MaskedLmHead;
import org.clinicalbert.workbench.model.NextSentenceHead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PretrainingBatchesTest {

    @TempDir
    static Path dir;
    static List<TrainingInstance> instances;
    static List<Path> shards;

    @BeforeAll
    static void makeShards() throws Exception {
        instances = PretrainTestShards.instances(6, 3, 6);
        shards = PretrainTestShards.write(dir.resolve("data"), instances, 3, 6);
    }

    private static PretrainingBatches open(long steps) {
        return PretrainingBatches.open(shards, 1484, 160, 4, 5, 9, steps);
    }

    /** Each batch row back as "ids|segA|random|positions" to compare with the instances. */
    private static List<String> rows(Batch b) {
        List<String> out = new ArrayList<>();
        int[][] ids = b.feeds().get(BertGraph.INPUT_IDS).toIntMatrix();
        int[][] mask = b.feeds().get(BertGraph.INPUT_MASK).toIntMatrix();
        int[][] seg = b.feeds().get(BertGraph.TOKEN_TYPE_IDS).toIntMatrix();
        int[][] pos = b.feeds().get(MaskedLmHead.POSITIONS).toIntMatrix();
        float[][] w = b.feeds().get(MaskedLmHead.LABEL_WEIGHTS).toFloatMatrix();
        int[] next = b.feeds().get(NextSentenceHead.LABELS).toIntVector();
        for (int i = 0; i < ids.length; i++) {
            int n = Arrays.stream(mask[i]).sum();
            int a = n - Arrays.stream(seg[i]).sum();
            int m = 0;
            while (m < w[i].length && w[i][m] == 1f) {
                m++;
            }
            out.add(Arrays.toString(Arrays.copyOf(ids[i], n)) + "|" + a + "|" + next[i] + "|"
                    + Arrays.toString(Arrays.copyOf(pos[i], m)));
        }
        return out;
    }

    private static String row(TrainingInstance t, int maxPredictions) {
        return Arrays.toString(t.tokenIds()) + "|" + t.segmentALength() + "|" + (t.isRandomNext() ? 1 : 0) + "|"
                + Arrays.toString(Arrays.copyOf(t.maskedLmPositions(), Math.min(maxPredictions, t.numMasked())));
    }

    @Test
    void everyEpochIsOnePassAndEpochsDifferInShardOrder() {
        List<String> expected = new ArrayList<>(instances.stream().map(t -> row(t, 5)).toList());
        try (PretrainingBatches b = open(0)) {
            assertEquals(instances.size(), b.instances());
            List<String> e0 = new ArrayList<>();
            b.batches(0).forEach(x -> e0.addAll(rows(x)));
            List<String> e1 = new ArrayList<>();
            b.batches(1).forEach(x -> e1.addAll(rows(x)));
            assertEquals(sorted(expected), sorted(e0));
            assertEquals(sorted(expected), sorted(e1));
            assertNotEquals(e0, e1, "passes are read in other shard orders");
            // the order is a function of (seed, epoch): asking again gives the same batches
            List<String> again = new ArrayList<>();
            b.batches(1).forEach(x -> again.addAll(rows(x)));
            assertEquals(e1, again);
            assertEquals((instances.size() + 3) / 4, b.batches(0).size());
        }
    }

    @Test
    void byStepsTheStreamRepeatsAndRandomAccessEqualsSequentialReading() {
        int steps = instances.size(); // 4 passes' worth of batches of 4
        List<List<String>> sequential = new ArrayList<>();
        try (PretrainingBatches b = open(steps)) {
            List<Batch> list = b.batches(0);
            assertEquals(steps, list.size());
            list.forEach(x -> sequential.add(rows(x)));
        }
        List<String> all = new ArrayList<>();
        sequential.forEach(all::addAll);
        assertEquals(4 * instances.size(), all.size());
        assertEquals(sorted(all.subList(0, instances.size())), sorted(instances.stream().map(t -> row(t, 5)).toList()));
        try (PretrainingBatches b = open(steps)) {
            // a resume jumps into the middle: the same batches as reading from the start
            for (int i : new int[]{steps - 1, 3, 4, 0, steps / 2}) {
                assertEquals(sequential.get(i), rows(b.batches(0).get(i)), "batch " + i);
            }
        }
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}
