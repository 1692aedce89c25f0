package org.clinicalbert.workbench.data.pretrain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instance-for-instance equality with google's create_training_instances (golden JSON from the real script). */
class PretrainingInstanceCreatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "short", "wwm"})
    void reproducesGoogleInstancesExactly(String caseName) {
        GoldenPretrainingData golden = GoldenPretrainingData.load(caseName);
        List<TrainingInstance> instances = new PretrainingInstanceCreator(golden.config, golden.vocab)
                .createFromTokens(golden.documents);
        List<String> expected = golden.expectedInstances();
        assertTrue(expected.size() > 50, "golden case too small to mean much");
        assertEquals(expected.size(), instances.size(), "instance count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), golden.render(instances.get(i)), "instance " + i + " of " + caseName);
        }
    }

    @Test
    void readingTheInputFileGivesGooglesDocuments() throws Exception {
        GoldenPretrainingData golden = GoldenPretrainingData.load("default");
        Path input = Paths.get(getClass().getResource("/pretrain/input.txt").toURI());
        List<List<int[]>> docs = PretrainingDocuments.read(input, new TestWordPieceTokenizer(golden.vocab.words()), golden.vocab);
        List<List<List<String>>> asTokens = new ArrayList<>();
        for (List<int[]> doc : docs) {
            List<List<String>> sentences = new ArrayList<>();
            for (int[] s : doc) {
                List<String> t = new ArrayList<>();
                for (int id : s) {
                    t.add(golden.vocab.word(id));
                }
                sentences.add(t);
            }
            asTokens.add(sentences);
        }
        assertEquals(golden.documents, asTokens);

        // and the file-level path yields the same instances as google
        List<TrainingInstance> instances = new PretrainingInstanceCreator(golden.config, golden.vocab)
                .create(docs, PretrainingInstanceCreator.ProgressListener.NONE);
        List<String> expected = golden.expectedInstances();
        assertEquals(expected.size(), instances.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), golden.render(instances.get(i)));
        }
    }

    @Test
    void anotherSeedGivesOtherInstances() {
        GoldenPretrainingData golden = GoldenPretrainingData.load("default");
        List<TrainingInstance> a = new PretrainingInstanceCreator(golden.config, golden.vocab).createFromTokens(golden.documents);
        List<TrainingInstance> b = new PretrainingInstanceCreator(golden.config.withRandomSeed(1), golden.vocab)
                .createFromTokens(golden.documents);
        assertNotEquals(a, b);
    }

    @Test
    void instancesRespectTheLimits() {
        GoldenPretrainingData golden = GoldenPretrainingData.load("default");
        PretrainingConfig config = golden.config.withMaxSeqLength(16).withMaxPredictionsPerSeq(3).withMaskedLmProb(0.5);
        List<TrainingInstance> instances = new PretrainingInstanceCreator(config, golden.vocab).createFromTokens(golden.documents);
        assertTrue(instances.size() > 0);
        for (TrainingInstance t : instances) {
            assertTrue(t.length() <= 16);
            assertTrue(t.numMasked() >= 1 && t.numMasked() <= 3);
            assertEquals(golden.vocab.clsId(), t.tokenId(0));
            assertEquals(golden.vocab.sepId(), t.tokenId(t.segmentALength() - 1));
            assertEquals(golden.vocab.sepId(), t.tokenId(t.length() - 1));
        }
    }
}
