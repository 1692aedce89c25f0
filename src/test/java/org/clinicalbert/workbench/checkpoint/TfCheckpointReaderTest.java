package org.clinicalbert.workbench.checkpoint;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every tensor TF wrote must come back bit for bit as the JSON handed to TF. */
class TfCheckpointReaderTest {

    private static Map<String, ReferenceTensors.Tensor> reference;

    @BeforeAll
    static void loadReference() throws IOException {
        reference = ReferenceTensors.load(ReferenceTensors.resource("tensors.json"));
    }

    private static TfCheckpointReader open(String dir) throws IOException {
        return TfCheckpointReader.open(ReferenceTensors.resource(dir).resolve("model.ckpt-150000"));
    }

    private static boolean isOptimizerStateOrStep(String name) {
        return name.endsWith("/adam_m") || name.endsWith("/adam_v") || name.equals("global_step");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tf", "snappy"})
    void readsEveryTensorExactly(String dir) throws IOException {
        TfCheckpointReader reader = open(dir);
        for (ReferenceTensors.Tensor want : reference.values()) {
            if (want.floats() != null) {
                float[] got = reader.readFloats(want.name());
                assertEquals(want.floats().length, got.length, want.name());
                for (int k = 0; k < got.length; k++) {
                    assertEquals(Float.floatToRawIntBits(want.floats()[k]), Float.floatToRawIntBits(got[k]),
                            want.name() + "[" + k + "]");
                }
            } else {
                assertArrayEquals(want.longs(), reader.readLongs(want.name()), want.name());
            }
        }
    }

    @Test
    void readsGlobalStepAsLong() throws IOException {
        assertArrayEquals(new long[]{150000L}, open("tf").readLongs("global_step"));
    }

    @Test
    void variablesExcludeOptimizerSlotsAndGlobalStep() throws IOException {
        List<String> expected = reference.keySet().stream().filter(n -> !isOptimizerStateOrStep(n)).sorted().toList();
        List<String> got = open("tf").variables().stream().map(TensorEntry::name).toList();
        assertEquals(expected, got);
        assertTrue(open("tf").entries().stream().anyMatch(e -> e.name().endsWith("/adam_m")), "slots are still listed");
    }

    @Test
    void readAllVariablesLoadsModelVariablesInKeyOrderWithShapes() throws IOException {
        Map<String, INDArray> all = open("snappy").readAllVariables();
        List<String> expected = reference.keySet().stream().filter(n -> !isOptimizerStateOrStep(n)).sorted().toList();
        assertEquals(expected, List.copyOf(all.keySet()));

        INDArray kernel = all.get("extra/three_d/" + "very_long_scope_name_".repeat(6) + "kernel");
        assertArrayEquals(new long[]{2, 3, 2}, kernel.shape());
        float[] want = reference.get("extra/three_d/" + "very_long_scope_name_".repeat(6) + "kernel").floats();
        // row-major: element [1, 2, 0] is flat index 1*6 + 2*2 + 0
        assertEquals(want[10], kernel.getFloat(1, 2, 0));

        INDArray scalar = all.get("extra/scalar_float");
        assertEquals(0, scalar.rank());
        assertEquals(reference.get("extra/scalar_float").floats()[0], scalar.getFloat(0));

        INDArray ints = all.get("extra/int64_vector");
        assertEquals(DataType.LONG, ints.dataType());
        assertArrayEquals(reference.get("extra/int64_vector").longs(), ints.toLongVector());

        INDArray emb = all.get("bert/embeddings/word_embeddings");
        assertEquals(DataType.FLOAT, emb.dataType());
        assertArrayEquals(new long[]{7, 4}, emb.shape());
        assertEquals(reference.get("bert/embeddings/word_embeddings").floats()[4 * 5 + 3], emb.getFloat(5, 3));
    }

    @Test
    void namesTheDataShardFromTheHeader() throws IOException {
        TfCheckpointReader reader = open("tf");
        assertEquals(List.of(ReferenceTensors.resource("tf/model.ckpt-150000.data-00000-of-00001")), reader.dataShards());
    }
}
