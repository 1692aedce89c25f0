package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.AtomicFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tensorflow.framework.TensorShapeProto;
import org.tensorflow.framework.VersionDef;
import org.tensorflow.util.BundleEntryProto;
import org.tensorflow.util.BundleHeaderProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes a TensorFlow V2 checkpoint ({@code <prefix>.index} + {@code <prefix>.data-00000-of-00001}) that TensorFlow,
 * google's BERT scripts and Hugging Face's TF-checkpoint converters restore: the format of TF's BundleWriter
 * (tensorflow/core/util/tensor_bundle/tensor_bundle.cc). With the default options the files are byte for byte
 * what TF's SaveV2 writes for the same tensors in the same order.
 *
 * <ul>
 *   <li>Data shard: each tensor's raw little-endian bytes, in the map's iteration order (SaveV2 writes tensors in
 *       the order it is given them), back to back with no padding (BundleWriter's default data_alignment is 1).</li>
 *   <li>Index: a LevelDB table whose key "" holds the BundleHeaderProto (one shard, little-endian, producer
 *       version 1) and whose other keys, sorted bytewise by their UTF-8 bytes, hold one BundleEntryProto each:
 *       dtype, shape, shard 0, offset, size and the masked CRC32C of the tensor's bytes.</li>
 *   <li>Float32 ({@link DataType#FLOAT}) and int64 ({@link DataType#LONG}) arrays, any rank including 0.</li>
 * </ul>
 *
 * Both files go to temp names first; only when both are complete is any existing index removed and the data
 * then the index renamed into place, so a crash never leaves an index paired with the wrong or half-written data.
 */
public final class TfCheckpointWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TfCheckpointWriter.class);
    /** kTensorBundleVersion in tensor_bundle.h. */
    private static final int BUNDLE_VERSION = 1;
    private static final int COPY_CHUNK_ELEMENTS = 1 << 14;

    /** How the index table is laid out. */
    public record Options(boolean snappy, int blockSize) {

        /** TF 2.x's BundleWriter: uncompressed, 256 KiB blocks (table_options.h), so small indexes are one block. */
        public static Options tensorFlowDefaults() {
            return new Options(false, 262_144);
        }

        /** Snappy-compressed 4 KiB blocks (LevelDB's defaults), the layout of many TF 1.x BERT checkpoints. */
        public static Options snappyBlocks() {
            return new Options(true, 4096);
        }

        public Options {
            if (blockSize < 1) {
                throw new IllegalArgumentException("block size must be positive: " + blockSize);
            }
        }

        public Options withBlockSize(int bytes) {
            return new Options(snappy, bytes);
        }
    }

    /** Test seam: runs after each tensor's bytes are written, so a test can fail a write half-way. */
    @FunctionalInterface
    interface TensorWrittenHook {
        void afterTensor(String name) throws IOException;
    }

    private final Options options;
    private final TensorWrittenHook hook;

    private TfCheckpointWriter(Options options, TensorWrittenHook hook) {
        this.options = options;
        this.hook = hook;
    }

    public static TfCheckpointWriter create() {
        return withOptions(Options.tensorFlowDefaults());
    }

    public static TfCheckpointWriter withOptions(Options options) {
        return new TfCheckpointWriter(options, name -> {
        });
    }

    TfCheckpointWriter withHook(TensorWrittenHook h) {
        return new TfCheckpointWriter(options, h);
    }

    /**
     * Writes the tensors (float32 or int64, names non-empty) as the checkpoint {@code prefix}, e.g.
     * {@code out/model.ckpt-150000}, replacing any checkpoint already there.
     */
    public void write(Path prefix, Map<String, INDArray> tensors) throws IOException {
        List<Prepared> prepared = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            prepared.add(prepare(e.getKey(), e.getValue()));
        }
        Path dataFile = CheckpointLocator.dataShards(prefix, 1).get(0);
        Path indexFile = CheckpointLocator.indexFile(prefix);
        Map<String, BundleEntryProto> entries = new LinkedHashMap<>();
        try (AtomicFiles.Staged data = AtomicFiles.stage(dataFile, out -> writeData(out, prepared, entries));
             AtomicFiles.Staged index = AtomicFiles.stage(indexFile, out -> out.write(indexTable(entries)))) {
            // an old index must not outlive its data: remove it first, so a crash between the renames leaves no index
            Files.deleteIfExists(indexFile);
            data.commit();
            index.commit();
        }
        LOG.info("wrote checkpoint {} ({} tensors, {} bytes of data)", prefix, prepared.size(), Files.size(dataFile));
    }

    /** As {@link #write(Path, Map)}, adding {@code global_step} as an int64 scalar, as TF training checkpoints have. */
    public void write(Path prefix, Map<String, INDArray> tensors, long globalStep) throws IOException {
        if (tensors.containsKey("global_step")) {
            throw new IllegalArgumentException("tensors already hold a global_step");
        }
        Map<String, INDArray> all = new LinkedHashMap<>(tensors);
        all.put("global_step", Nd4j.scalar(globalStep));
        write(prefix, all);
    }

    private record Prepared(String name, INDArray array, TfDataType dtype, long[] shape) {
    }

    private static Prepared prepare(String name, INDArray array) {
        if (name == null || name.isEmpty()) {
            // key "" is the bundle header's
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        if (!new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(name)) {
            // a lone surrogate has no UTF-8 form; TF keys are the names' UTF-8 bytes
            throw new IllegalArgumentException("tensor name is not valid Unicode: " + name);
        }
        if (array == null) {
            throw new IllegalArgumentException("tensor " + name + " is null");
        }
        TfDataType dtype = switch (array.dataType()) {
            case FLOAT -> TfDataType.FLOAT;
            case LONG -> TfDataType.INT64;
            default -> throw new IllegalArgumentException("tensor " + name + " has dtype " + array.dataType()
                    + "; a checkpoint takes FLOAT (float32) or LONG (int64): cast it first");
        };
        return new Prepared(name, array, dtype, array.shape().clone());
    }

    /** Streams every tensor's bytes and records its BundleEntryProto (offset, size, masked CRC32C). */
    private void writeData(OutputStream out, List<Prepared> tensors, Map<String, BundleEntryProto> entries)
            throws IOException {
        long offset = 0;
        for (Prepared t : tensors) {
            CRC32C crc = new CRC32C();
            long size = writeTensorBytes(out, t, crc);
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (long d : t.shape()) {
                shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            }
            BundleEntryProto.Builder entry = BundleEntryProto.newBuilder()
                    .setDtypeValue(t.dtype().number())
                    .setShape(shape)
                    .setShardId(0)
                    .setOffset(offset)
                    .setSize(size)
                    .setCrc32C(Crc32cMask.masked(crc));
            entries.put(t.name(), entry.build());
            offset += size;
            hook.afterTensor(t.name());
        }
    }

    /** Writes the array's elements in row-major order, little-endian, in chunks so big embeddings need no copy. */
    private static long writeTensorBytes(OutputStream out, Prepared t, CRC32C crc) throws IOException {
        long n = 1;
        for (long d : t.shape()) {
            n *= d;
        }
        if (n == 0) {
            return 0;
        }
        INDArray flat = Nd4j.toFlattened('c', t.array());
        if (flat.length() != n) {
            throw new IllegalStateException("tensor " + t.name() + ": " + flat.length() + " elements for shape "
                    + Arrays.toString(t.shape()));
        }
        int width = t.dtype().byteSize();
        ByteBuffer buf = ByteBuffer.allocate(COPY_CHUNK_ELEMENTS * width).order(ByteOrder.LITTLE_ENDIAN);
        for (long start = 0; start < n; start += COPY_CHUNK_ELEMENTS) {
            int len = (int) Math.min(COPY_CHUNK_ELEMENTS, n - start);
            buf.clear();
            if (t.dtype() == TfDataType.FLOAT) {
                float[] chunk = flat.get(NDArrayIndex.interval(start, start + len))
                        .toFloatVector();
                buf.asFloatBuffer().put(chunk);
            } else {
                long[] chunk = flat.get(NDArrayIndex.interval(start, start + len))
                        .toLongVector();
                buf.asLongBuffer().put(chunk);
            }
            crc.update(buf.array(), 0, len * width);
            out.write(buf.array(), 0, len * width);
        }
        return n * width;
    }

    /** The index table: header under "", then every entry in bytewise order of its UTF-8 name. */
    private byte[] indexTable(Map<String, BundleEntryProto> entries) throws IOException {
        List<Map.Entry<byte[], BundleEntryProto>> sorted = new ArrayList<>();
        for (Map.Entry<String, BundleEntryProto> e : entries.entrySet()) {
            sorted.add(Map.entry(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue()));
        }
        // String.compareTo orders UTF-16 units, which differs from TF's bytewise order beyond the BMP
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        LevelDbTableBuilder table = new LevelDbTableBuilder(options.blockSize(),
                options.snappy() ? LevelDbTableBuilder.Compression.SNAPPY : LevelDbTableBuilder.Compression.NONE);
        BundleHeaderProto header = BundleHeaderProto.newBuilder()
                .setNumShards(1)
                .setEndianness(BundleHeaderProto.Endianness.LITTLE)
                .setVersion(VersionDef.newBuilder().setProducer(BUNDLE_VERSION))
                .build();
        table.add(new byte[0], header.toByteArray());
        for (Map.Entry<byte[], BundleEntryProto> e : sorted) {
            table.add(e.getKey(), e.getValue().toByteArray());
        }
        return table.finish();
    }
}
