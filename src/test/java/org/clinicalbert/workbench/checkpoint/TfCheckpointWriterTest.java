package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TfCheckpointWriterTest {

    /** The options the committed, TF-verified java-written fixture was made with (README: verifying the Java writer). */
    static final TfCheckpointWriter.Options FIXTURE_OPTIONS = TfCheckpointWriter.Options.snappyBlocks().withBlockSize(1024);

    @TempDir
    Path tmp;

    /** The reference JSON's tensors as INDArrays, in the JSON's order (the order TF's SaveV2 was given them). */
    static Map<String, INDArray> arrays(Map<String, ReferenceTensors.Tensor> reference) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (ReferenceTensors.Tensor t : reference.values()) {
            INDArray a;
            if (t.dtype().equals("float32")) {
                a = t.shape().length == 0 ? Nd4j.scalar(t.floats()[0]) : Nd4j.create(t.floats(), t.shape(), 'c');
            } else if (t.dtype().equals("int64")) {
                a = t.shape().length == 0 ? Nd4j.scalar(t.longs()[0]) : Nd4j.createFromArray(t.longs()).reshape('c', t.shape());
            } else {
                continue;
            }
            out.put(t.name(), a);
        }
        return out;
    }

    private static void assertSameFiles(Path expectedPrefix, Path actualPrefix) throws IOException {
        Path expectedIndex = CheckpointLocator.indexFile(expectedPrefix);
        Path expectedData = CheckpointLocator.dataShards(expectedPrefix, 1).get(0);
        assertArrayEquals(Files.readAllBytes(expectedIndex), Files.readAllBytes(CheckpointLocator.indexFile(actualPrefix)),
                "index differs from " + expectedIndex);
        assertArrayEquals(Files.readAllBytes(expectedData),
                Files.readAllBytes(CheckpointLocator.dataShards(actualPrefix, 1).get(0)), "data differs from " + expectedData);
    }

    /** Every tensor the reader returns equals the reference bit for bit, with its shape and dtype. */
    private static void assertRoundTrip(Path prefix, Map<String, ReferenceTensors.Tensor> reference) throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(prefix);
        assertEquals(reference.size(), reader.entries().size());
        for (ReferenceTensors.Tensor t : reference.values()) {
            TensorEntry e = reader.entry(t.name());
            assertArrayEquals(t.shape(), e.shape(), t.name());
            if (t.dtype().equals("float32")) {
                assertEquals(TfDataType.FLOAT, e.dtype(), t.name());
                float[] got = reader.readFloats(t.name());
                assertEquals(t.floats().length, got.length, t.name());
                for (int k = 0; k < got.length; k++) {
                    assertEquals(Float.floatToRawIntBits(t.floats()[k]), Float.floatToRawIntBits(got[k]), t.name() + "[" + k + "]");
                }
            } else {
                assertEquals(TfDataType.INT64, e.dtype(), t.name());
                assertArrayEquals(t.longs(), reader.readLongs(t.name()), t.name());
            }
        }
    }

    @Test
    void defaultOptionsWriteTheBytesTensorFlowItselfWrote() throws IOException {
        // tf/ was written by TensorFlow's SaveV2 from this JSON, in this order
        Map<String, ReferenceTensors.Tensor> reference = ReferenceTensors.load(ReferenceTensors.resource("tensors.json"));
        Path prefix = tmp.resolve("model.ckpt-150000");
        TfCheckpointWriter.create().write(prefix, arrays(reference));
        assertSameFiles(ReferenceTensors.resource("tf").resolve("model.ckpt-150000"), prefix);
        assertRoundTrip(prefix, reference);
    }

    @Test
    void regeneratesTheTensorFlowVerifiedSnappyFixtureByteForByte() throws IOException {
        Path fixture = ReferenceTensors.resource("java-written").resolve("model.ckpt-1000");
        Map<String, ReferenceTensors.Tensor> reference = ReferenceTensors.load(ReferenceTensors.resource("java-written/tensors.json"));
        Path prefix = tmp.resolve("model.ckpt-1000");
        TfCheckpointWriter.withOptions(FIXTURE_OPTIONS).write(prefix, arrays(reference));
        assertSameFiles(fixture, prefix);
        // the committed files hold several Snappy blocks, so block cuts, separators and restarts are exercised
        assertTrue(TensorBundleIndex.read(CheckpointLocator.indexFile(fixture)).dataBlockCount() >= 3);
        assertRoundTrip(fixture, reference);
    }

    @Test
    void snappyWithLevelDbDefaultsRoundTripsTheTinyBertSet() throws IOException {
        Map<String, ReferenceTensors.Tensor> reference = ReferenceTensors.load(ReferenceTensors.resource("tensors.json"));
        Path prefix = tmp.resolve("snappy/model.ckpt-150000");
        TfCheckpointWriter.withOptions(TfCheckpointWriter.Options.snappyBlocks()).write(prefix, arrays(reference));
        assertTrue(TensorBundleIndex.read(CheckpointLocator.indexFile(prefix)).dataBlockCount() > 1);
        assertRoundTrip(prefix, reference);
        // the data shard does not depend on the index layout
        assertArrayEquals(Files.readAllBytes(ReferenceTensors.resource("tf/model.ckpt-150000.data-00000-of-00001")),
                Files.readAllBytes(CheckpointLocator.dataShards(prefix, 1).get(0)));
    }

    @Test
    void namesSortBytewiseByUtf8AsTensorFlowDoes() throws IOException {
        Map<String, INDArray> in = new LinkedHashMap<>();
        for (String n : List.of("a_b", "\uD83D\uDE00", "a/b/c", "ab", "\uFFFD", "a", "a/b", "a.b")) {
            in.put(n, Nd4j.scalar((float) in.size()));
        }
        Path prefix = tmp.resolve("sorted");
        TfCheckpointWriter.create().write(prefix, in);
        // '.' 0x2e < '/' 0x2f < '_' 0x5f < 'b' 0x62; U+FFFD is EF BF BD, U+1F600 is F0 9F 98 80 in UTF-8
        // (Java's String order, by UTF-16 units, would put U+1F600 (D83D DE00) first of the two)
        List<String> expected = List.of("a", "a.b", "a/b", "a/b/c", "a_b", "ab", "\uFFFD", "\uD83D\uDE00");
        TfCheckpointReader reader = TfCheckpointReader.open(prefix);
        assertEquals(expected, reader.entries().stream().map(TensorEntry::name).toList());
        // the data shard keeps the order given: offsets follow insertion order, 4 bytes each
        long offset = 0;
        for (Map.Entry<String, INDArray> e : in.entrySet()) {
            assertEquals(offset, reader.entry(e.getKey()).offset(), e.getKey());
            assertEquals(e.getValue().getFloat(0), reader.readFloats(e.getKey())[0]);
            offset += 4;
        }
    }

    @Test
    void emptyMapWritesAHeaderOnlyCheckpoint() throws IOException {
        Path prefix = tmp.resolve("empty");
        TfCheckpointWriter.create().write(prefix, Map.of());
        assertEquals(0, Files.size(CheckpointLocator.dataShards(prefix, 1).get(0)));
        TfCheckpointReader reader = TfCheckpointReader.open(prefix);
        assertTrue(reader.entries().isEmpty());
        assertEquals(new BundleHeader(1, true, 1), reader.index().header());
    }

    @Test
    void scalarsAndGlobalStep() throws IOException {
        Map<String, INDArray> in = new LinkedHashMap<>();
        in.put("bias_scalar", Nd4j.scalar(-2.5f));
        in.put("steps_seen", Nd4j.scalar(Long.MIN_VALUE));
        Path prefix = tmp.resolve("model.ckpt-42");
        TfCheckpointWriter.create().write(prefix, in, 42L);
        TfCheckpointReader reader = TfCheckpointReader.open(prefix);
        for (String n : List.of("bias_scalar", "steps_seen", "global_step")) {
            assertEquals(0, reader.entry(n).rank(), n);
        }
        assertEquals(TfDataType.INT64, reader.entry("global_step").dtype());
        assertArrayEquals(new long[]{42L}, reader.readLongs("global_step"));
        assertArrayEquals(new long[]{Long.MIN_VALUE}, reader.readLongs("steps_seen"));
        assertEquals(-2.5f, reader.readFloats("bias_scalar")[0]);
        assertEquals(VariableKind.GLOBAL_STEP, reader.entry("global_step").kind());
        assertThrows(IllegalArgumentException.class, () -> TfCheckpointWriter.create()
                .write(tmp.resolve("twice"), Map.of("global_step", Nd4j.scalar(1L)), 2L));
    }

    @Test
    void viewsAndFortranOrderArraysAreWrittenRowMajor() throws IOException {
        INDArray base = Nd4j.arange(24).castTo(DataType.FLOAT).reshape('c', 2, 3, 4);
        Map<String, INDArray> in = new LinkedHashMap<>();
        in.put("transposed", base.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).transpose());
        in.put("fortran", base.dup('f'));
        Path prefix = tmp.resolve("views");
        TfCheckpointWriter.create().write(prefix, in);
        TfCheckpointReader reader = TfCheckpointReader.open(prefix);
        // row 1 of base is 12..23 as 3x4; its transpose is 4x3 with [i][j] = 12 + 4j + i
        assertArrayEquals(new long[]{4, 3}, reader.entry("transposed").shape());
        float[] t = reader.readFloats("transposed");
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(12 + 4 * j + i, t[3 * i + j]);
            }
        }
        float[] f = reader.readFloats("fortran");
        for (int k = 0; k < 24; k++) {
            assertEquals(k, f[k]);
        }
    }

    @Test
    void badTensorsAreRefusedByName() {
        Path prefix = tmp.resolve("bad");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfCheckpointWriter.create()
                .write(prefix, Map.of("bert/pooler/dense/kernel", Nd4j.zeros(DataType.DOUBLE, 2, 2))));
        assertTrue(e.getMessage().contains("bert/pooler/dense/kernel") && e.getMessage().contains("DOUBLE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TfCheckpointWriter.create().write(prefix, Map.of("", Nd4j.scalar(1f))));
        assertThrows(IllegalArgumentException.class,
                () -> TfCheckpointWriter.create().write(prefix, Map.of("half\uD800", Nd4j.scalar(1f))));
        assertTrue(Files.notExists(CheckpointLocator.indexFile(prefix)));
    }

    @Test
    void aWriteThatFailsHalfWayLeavesNoCheckpointAndNoTempFiles() throws IOException {
        Map<String, INDArray> in = new LinkedHashMap<>();
        in.put("a", Nd4j.create(new float[]{1, 2, 3}));
        in.put("b", Nd4j.create(new float[]{4, 5}));
        in.put("c", Nd4j.create(new float[]{6}));
        Path dir = Files.createDirectories(tmp.resolve("crash"));
        TfCheckpointWriter failing = TfCheckpointWriter.create().withHook(name -> {
            if (name.equals("b")) {
                throw new IOException("disk full (simulated)");
            }
        });
        assertThrows(IOException.class, () -> failing.write(dir.resolve("model.ckpt-1"), in));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
        assertThrows(InputFormatException.class, () -> CheckpointLocator.locate(dir));
    }

    @Test
    void aFailedOverwriteKeepsTheOldCheckpointIntact() throws IOException {
        Path prefix = tmp.resolve("model.ckpt-7");
        TfCheckpointWriter.create().write(prefix, Map.of("w", Nd4j.create(new float[]{1, 2})));
        byte[] oldIndex = Files.readAllBytes(CheckpointLocator.indexFile(prefix));
        byte[] oldData = Files.readAllBytes(CheckpointLocator.dataShards(prefix, 1).get(0));
        Map<String, INDArray> next = new LinkedHashMap<>();
        next.put("w", Nd4j.create(new float[]{9, 9, 9}));
        next.put("v", Nd4j.create(new float[]{8}));
        TfCheckpointWriter failing = TfCheckpointWriter.create().withHook(name -> {
            if (name.equals("v")) {
                throw new IOException("killed (simulated)");
            }
        });
        assertThrows(IOException.class, () -> failing.write(prefix, next));
        assertArrayEquals(oldIndex, Files.readAllBytes(CheckpointLocator.indexFile(prefix)));
        assertArrayEquals(oldData, Files.readAllBytes(CheckpointLocator.dataShards(prefix, 1).get(0)));
        assertArrayEquals(new float[]{1, 2}, TfCheckpointReader.open(prefix).readFloats("w"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(2, left.count(), "temp files left behind");
        }
        // and a successful overwrite replaces both files
        TfCheckpointWriter.create().write(prefix, next);
        assertArrayEquals(new float[]{9, 9, 9}, TfCheckpointReader.open(prefix).readFloats("w"));
    }
}
