package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.checkpoint.CheckpointLocator;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.TextEncoder;
import org.clinicalbert.workbench.modelfolder.TextEncoding;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.BertWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TextEmbedder} on the tiny demo model against {@link TextEncoder} ({@code workbench encode}) one text at a
 * time, unpadded: within 1e-5 for every pooling, with texts of very different lengths padded together in one batch.
 */
class TextEmbedderTest {

    static final Path TINY = Path.of("config/models/tiny-demo");
    static final double TOL = 1e-5;
    static final List<String> TEXTS = List.of(
            "patient admitted",
            "woman presented to the emergency department with acute upper gastrointestinal bleed and septic shock "
                    + "after arrival , history of atrial fibrillation and ischemic stroke , urinary tract infection "
                    + "found on admission , medical problems include lung injury",
            "history of atrial fibrillation",
            "");
    static ModelFolder folder;
    static TextEncoder encoder;

    @BeforeAll
    static void open() {
        folder = ModelFolder.open(TINY, false);
        encoder = TextEncoder.open(folder, null);
    }

    static float[] reference(TextEncoding e, Pooling pooling) {
        int h = e.sequenceOutput()[0].length;
        float[] out = new float[h];
        switch (pooling) {
            case POOLED -> out = e.pooledOutput().clone();
            case CLS -> out = e.sequenceOutput()[0].clone();
            case MEAN -> {
                for (int j = 0; j < h; j++) {
                    double s = 0;
                    for (float[] row : e.sequenceOutput()) {
                        s += row[j];
                    }
                    out[j] = (float) (s / e.sequenceOutput().length);
                }
            }
        }
        return out;
    }

    static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    @Test
    void equalsEncodeForEveryPoolingWithPaddingInTheBatch() {
        for (Pooling pooling : Pooling.values()) {
            TextEmbedder embedder = TextEmbedder.open(folder, pooling, null, null, null, 8);
            assertEquals(64, embedder.dimension());
            List<TextEmbedder.Embedded> got = embedder.embed(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                TextEncoding e = encoder.encode(TEXTS.get(i), null);
                assertEquals(1, got.get(i).windows());
                assertEquals(e.tokens().size() - 2, got.get(i).pieces());
                double d = maxDiff(reference(e, pooling), got.get(i).vector());
                assertTrue(d <= TOL, pooling + " text " + i + ": max abs difference " + d);
            }
        }
        assertTrue(encoder.encode(TEXTS.get(1), null).tokens().size() > 10 * 4, "one text much longer than the rest");
    }

    /**
     * A text of 13 one-piece words at max_seq_length 8 and stride 4: windows are pieces [0,6), [4,10), [8,13)
     * (8, 8 and 7 tokens with [CLS]/[SEP]); each window is what {@code encode} gives for its words alone, and the
     * text's vector is (8 v0 + 8 v1 + 7 v2) / 23.
     */
    @Test
    void stitchesThreeWindowsByTokenWeight() {
        List<String> words = List.of("patient", "admitted", "with", "acute", "stroke", "history", "of", "atrial",
                "fibrillation", "and", "septic", "shock", "found");
        TextEncoder short8 = TextEncoder.open(folder, 8);
        for (String w : words) {
            assertEquals(3, short8.encode(w, null).tokens().size(), w + " is one word piece");
        }
        for (Pooling pooling : Pooling.values()) {
            TextEmbedder embedder = TextEmbedder.open(folder, pooling, null, 8, 4, 2);
            TextEmbedder.Embedded got = embedder.embed(List.of(String.join(" ", words), "patient")).get(0);
            assertEquals(3, got.windows());
            assertEquals(13, got.pieces());
            float[] v0 = reference(short8.encode(String.join(" ", words.subList(0, 6)), null), pooling);
            float[] v1 = reference(short8.encode(String.join(" ", words.subList(4, 10)), null), pooling);
            float[] v2 = reference(short8.encode(String.join(" ", words.subList(8, 13)), null), pooling);
            float[] expected = new float[v0.length];
            for (int j = 0; j < expected.length; j++) {
                expected[j] = (float) ((8.0 * v0[j] + 8.0 * v1[j] + 7.0 * v2[j]) / 23.0);
            }
            double d = maxDiff(expected, got.vector());
            assertTrue(d <= TOL, pooling + ": max abs difference " + d);
        }
    }

    @Test
    void batchShapesAreTheLengthSortedWindows() {
        // by hand: the 13-word text cut at 8 tokens with stride 4 gives windows of 8, 8 and 7 tokens, "patient" one
        // of 3 ([CLS] patient [SEP]); sorted 3, 7, 8, 8 and cut into batches of 2
        List<String> words = List.of("patient", "admitted", "with", "acute", "stroke", "history", "of", "atrial",
                "fibrillation", "and", "septic", "shock", "found");
        TextEmbedder embedder = TextEmbedder.open(folder, Pooling.MEAN, null, 8, 4, 2);
        assertEquals(List.of(new TextEmbedder.BatchShape(2, 7, 10), new TextEmbedder.BatchShape(2, 8, 16)),
                embedder.batchShapes(List.of(String.join(" ", words), "patient")));
    }

    @Test
    void batchSizeDoesNotChangeTheVectors() {
        List<TextEmbedder.Embedded> one = TextEmbedder.open(folder, Pooling.MEAN, null, null, null, 1).embed(TEXTS);
        List<TextEmbedder.Embedded> all = TextEmbedder.open(folder, Pooling.MEAN, null, null, null, 32).embed(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertTrue(maxDiff(one.get(i).vector(), all.get(i).vector()) <= TOL);
        }
    }

    /**
     * Hidden state 1 (the first encoder layer's output) against a one-layer graph loaded with the same weights
     * (its sequence_output is that layer by construction), and {@code -2..-1} as the mean of that and the last.
     */
    @Test
    void layersAreHiddenStatesAveraged() {
        BertConfig c = folder.config();
        assertEquals(2, c.numHiddenLayers());
        BertConfig oneLayer = new BertConfig(c.vocabSize(), c.hiddenSize(), 1, c.numAttentionHeads(),
                c.intermediateSize(), c.hiddenAct(), c.hiddenDropoutProb(), c.attentionProbsDropoutProb(),
                c.maxPositionEmbeddings(), c.typeVocabSize(), c.initializerRange());
        BertGraph g = BertGraph.build(oneLayer, BertGraph.Mode.INFERENCE);
        Map<String, INDArray> weights = new HashMap<>(folder.readWeights());
        weights.keySet().removeIf(n -> n.startsWith("bert/encoder/layer_1/"));
        BertWeights.load(g, weights, CheckpointLocator.indexFile(folder.checkpointPrefix()), 0L);

        String text = TEXTS.get(2);
        int[] ids = encoder.encode(text, null).inputIds();
        INDArray layer1 = g.output(g.feed(Nd4j.createFromArray(new int[][]{ids}),
                        Nd4j.zeros(DataType.INT32, 1, ids.length), Nd4j.ones(DataType.INT32, 1, ids.length)),
                BertGraph.SEQUENCE_OUTPUT).get(BertGraph.SEQUENCE_OUTPUT).reshape(ids.length, -1);
        float[][] rows = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            rows[i] = layer1.getRow(i).toFloatVector();
        }
        TextEncoding first = new TextEncoding(List.of(), ids, ids, rows, new float[0], false);
        TextEncoding last = encoder.encode(text, null);
        for (Pooling pooling : List.of(Pooling.CLS, Pooling.MEAN)) {
            float[] l1 = TextEmbedder.open(folder, pooling, "1", null, null, 4).embed(List.of(text, TEXTS.get(1)))
                    .get(0).vector();
            assertTrue(maxDiff(reference(first, pooling), l1) <= TOL, pooling + " layer 1");
            float[] both = TextEmbedder.open(folder, pooling, "-2..-1", null, null, 4).embed(List.of(text)).get(0)
                    .vector();
            float[] a = reference(first, pooling);
            float[] b = reference(last, pooling);
            float[] mean = new float[a.length];
            for (int j = 0; j < a.length; j++) {
                mean[j] = (float) ((a[j] + (double) b[j]) / 2);
            }
            assertTrue(maxDiff(mean, both) <= TOL, pooling + " layers -2..-1");
            assertTrue(maxDiff(a, b) > 1e-3, "the layers differ, so the test can tell them apart");
        }
        UserInputException e = assertThrows(UserInputException.class,
                () -> TextEmbedder.open(folder, Pooling.POOLED, "-2", null, null, 4));
        assertTrue(e.getMessage().contains("--layers"), e.getMessage());
    }
}
