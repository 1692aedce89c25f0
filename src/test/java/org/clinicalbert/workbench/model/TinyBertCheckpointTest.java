package org.clinicalbert.workbench.model;

import org.clinicalbert.workbench.checkpoint.TfCheckpointReader;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny-BERT checkpoint was written by real TensorFlow from weights.json (the torch reference's weights):
 * reading it with our reader, plain and Snappy-indexed, gives back exactly those weights, slots left out.
 */
class TinyBertCheckpointTest {

    @Test
    void tfWrittenCheckpointHoldsExactlyTheReferenceWeights() throws Exception {
        Map<String, INDArray> json = TinyBertFixture.weightsJson();
        json.remove("global_step");
        for (Path dir : new Path[]{TinyBertFixture.DIR, TinyBertFixture.DIR.resolveSibling("tiny-bert-snappy")}) {
            TfCheckpointReader reader = TfCheckpointReader.openFolder(dir);
            assertTrue(reader.entries().size() > 2 * json.size(), "adam slots and global_step are in the file");
            Map<String, INDArray> ckpt = reader.readAllVariables();
            assertEquals(json.keySet(), ckpt.keySet(), "model variables only, slots listed but not loaded");
            for (var e : json.entrySet()) {
                assertEquals(e.getValue(), ckpt.get(e.getKey()).reshape(e.getValue().shape()), e.getKey());
            }
        }
    }
}
