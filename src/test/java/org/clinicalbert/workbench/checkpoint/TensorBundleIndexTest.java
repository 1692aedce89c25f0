package org.clinicalbert.workbench.checkpoint;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Index tables written by real TensorFlow (uncompressed) and their Snappy copy (which TF itself restored). */
class TensorBundleIndexTest {

    private static Map<String, ReferenceTensors.Tensor> reference;

    @BeforeAll
    static void loadReference() throws IOException {
        reference = ReferenceTensors.load(ReferenceTensors.resource("tensors.json"));
    }

    private static TensorBundleIndex index(String dir) throws IOException {
        return TensorBundleIndex.read(ReferenceTensors.resource(dir + "/model.ckpt-150000.index"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tf", "snappy"})
    void listsEveryTensorWithItsDtypeAndShape(String dir) throws IOException {
        TensorBundleIndex index = index(dir);
        assertEquals(reference.size(), index.entries().size());
        for (ReferenceTensors.Tensor want : reference.values()) {
            TensorEntry got = index.entry(want.name()).orElse(null);
            assertNotNull(got, want.name());
            assertEquals(want.dtype(), got.dtype().toString(), want.name());
            assertArrayEquals(want.shape(), got.shape(), want.name());
            assertEquals(got.numElements() * got.dtype().byteSize(), got.size(), want.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tf", "snappy"})
    void headerNamesOneLittleEndianShard(String dir) throws IOException {
        BundleHeader h = index(dir).header();
        assertEquals(1, h.numShards());
        assertTrue(h.littleEndian());
        assertEquals(1, h.producerVersion());
    }

    @Test
    void tensorsTileTheDataShardWithoutGapsOrOverlaps() throws IOException {
        List<TensorEntry> byOffset = index("tf").entries().stream()
                .sorted(java.util.Comparator.comparingLong(TensorEntry::offset)).toList();
        long next = 0;
        for (TensorEntry e : byOffset) {
            assertEquals(next, e.offset(), e.name());
            next = e.offset() + e.size();
        }
        assertEquals(java.nio.file.Files.size(ReferenceTensors.resource("tf/model.ckpt-150000.data-00000-of-00001")), next);
    }

    @Test
    void entriesComeInBytewiseKeyOrder() throws IOException {
        List<String> names = index("snappy").entries().stream().map(TensorEntry::name).toList();
        for (int i = 1; i < names.size(); i++) {
            byte[] a = names.get(i - 1).getBytes(StandardCharsets.UTF_8);
            byte[] b = names.get(i).getBytes(StandardCharsets.UTF_8);
            assertTrue(Arrays.compareUnsigned(a, b) < 0, names.get(i - 1) + " before " + names.get(i));
        }
    }

    @Test
    void snappyCopySpansSeveralBlocksAndDecodesToTheSameEntries() throws IOException {
        TensorBundleIndex snappy = index("snappy");
        assertTrue(snappy.dataBlockCount() >= 3, "blocks: " + snappy.dataBlockCount());
        assertEquals(index("tf").entries(), snappy.entries());
    }
}
