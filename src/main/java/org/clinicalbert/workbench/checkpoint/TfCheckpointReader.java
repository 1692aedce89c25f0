package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.InputFormatException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tensors of a TensorFlow V2 checkpoint ({@code <prefix>.index} + {@code <prefix>.data-*}) as plain
 * arrays. Every read checks the tensor's CRC32C against the one TF stored, as TF's own restore does.
 */
public final class TfCheckpointReader {

    private final Path prefix;
    private final TensorBundleIndex index;
    private final List<Path> shards;

    private TfCheckpointReader(Path prefix, TensorBundleIndex index, List<Path> shards) {
        this.prefix = prefix;
        this.index = index;
        this.shards = shards;
    }

    /**
     * Opens the checkpoint at {@code prefix} (e.g. {@code dir/model.ckpt-150000}): parses the index and checks that
     * every shard exists and is long enough for the tensors it should hold, so a truncated download fails here.
     */
    public static TfCheckpointReader open(Path prefix) throws IOException {
        TensorBundleIndex index = TensorBundleIndex.read(CheckpointLocator.indexFile(prefix));
        List<Path> shards = CheckpointLocator.dataShards(prefix, index.header().numShards());
        long[] sizes = new long[shards.size()];
        for (int k = 0; k < shards.size(); k++) {
            if (!Files.isRegularFile(shards.get(k))) {
                throw new InputFormatException(shards.get(k), null, "checkpoint data shard is missing (index "
                        + index.file().getFileName() + " names " + shards.size() + " shard(s))");
            }
            sizes[k] = Files.size(shards.get(k));
        }
        for (TensorEntry e : index.entries()) {
            if (e.offset() < 0 || e.size() < 0 || e.offset() + e.size() > sizes[e.shardId()]) {
                throw new InputFormatException(shards.get(e.shardId()), "variable " + e.name() + ", offset " + e.offset(),
                        "truncated data shard: tensor needs bytes " + e.offset() + ".." + (e.offset() + e.size())
                                + " of a " + sizes[e.shardId()] + "-byte file");
            }
        }
        return new TfCheckpointReader(prefix, index, shards);
    }

    /** Opens the checkpoint found in a model folder (see {@link CheckpointLocator#locate}). */
    public static TfCheckpointReader openFolder(Path dirOrPrefix) throws IOException {
        return open(CheckpointLocator.locate(dirOrPrefix));
    }

    public Path prefix() {
        return prefix;
    }

    public TensorBundleIndex index() {
        return index;
    }

    public List<Path> dataShards() {
        return List.copyOf(shards);
    }

    /** Every tensor in the checkpoint (model variables, optimizer slots, global_step), in key order. */
    public List<TensorEntry> entries() {
        return index.entries();
    }

    /** Model variables only: no optimizer slots, no global_step. */
    public List<TensorEntry> variables() {
        return index.entries().stream().filter(e -> e.kind() == VariableKind.MODEL).toList();
    }

    public TensorEntry entry(String name) {
        return index.entry(name).orElseThrow(() ->
                new InputFormatException(index.file(), "variable " + name, "no such tensor in the checkpoint"));
    }

    public float[] readFloats(String name) throws IOException {
        TensorEntry e = requireDtype(entry(name), TfDataType.FLOAT);
        ByteBuffer bytes = readChecked(e);
        float[] out = new float[(int) e.numElements()];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    public long[] readLongs(String name) throws IOException {
        TensorEntry e = requireDtype(entry(name), TfDataType.INT64);
        ByteBuffer bytes = readChecked(e);
        long[] out = new long[(int) e.numElements()];
        bytes.asLongBuffer().get(out);
        return out;
    }

    /** The tensor as an INDArray of the checkpoint's shape (rank 0 for scalars): FLOAT for float32, LONG for int64. */
    public INDArray read(String name) throws IOException {
        TensorEntry e = entry(name);
        long[] shape = e.shape();
        if (e.dtype() == TfDataType.FLOAT) {
            float[] v = readFloats(name);
            return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, shape, 'c');
        }
        if (e.dtype() == TfDataType.INT64) {
            long[] v = readLongs(name);
            return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.createFromArray(v).reshape('c', shape);
        }
        throw unsupported(e);
    }

    /** All model variables (not optimizer slots or global_step), in key order. */
    public Map<String, INDArray> readAllVariables() throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (TensorEntry e : variables()) {
            out.put(e.name(), read(e.name()));
        }
        return out;
    }

    private TensorEntry requireDtype(TensorEntry e, TfDataType wanted) {
        if (e.dtype() != TfDataType.FLOAT && e.dtype() != TfDataType.INT64) {
            throw unsupported(e);
        }
        if (e.dtype() != wanted) {
            throw new InputFormatException(index.file(), "variable " + e.name(),
                    "dtype is " + e.dtype() + ", not " + wanted);
        }
        long expected = e.numElements() * wanted.byteSize();
        if (e.size() != expected) {
            throw new InputFormatException(index.file(), "variable " + e.name(), "entry size " + e.size()
                    + " bytes, but shape and dtype need " + expected);
        }
        return e;
    }

    private InputFormatException unsupported(TensorEntry e) {
        return new InputFormatException(index.file(), "variable " + e.name(),
                "unsupported dtype " + e.dtype() + " (DataType " + dtypeNumber(e) + "); only float32 and int64 are read");
    }

    private static String dtypeNumber(TensorEntry e) {
        return e.dtype() == TfDataType.UNKNOWN ? "unknown" : Integer.toString(e.dtype().number());
    }

    /** The tensor's bytes, little-endian, after checking them against the masked CRC32C TF stored. */
    private ByteBuffer readChecked(TensorEntry e) throws IOException {
        Path shard = shards.get(e.shardId());
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(e.size()));
        try (FileChannel ch = FileChannel.open(shard, StandardOpenOption.READ)) {
            long pos = e.offset();
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new InputFormatException(shard, "variable " + e.name() + ", offset " + pos,
                            "truncated data shard");
                }
                pos += n;
            }
        }
        int actual = Crc32cMask.maskedCrc(buf.array());
        if (actual != e.maskedCrc32c()) {
            throw new InputFormatException(shard, "variable " + e.name() + ", offset " + e.offset(), String.format(
                    "tensor checksum mismatch (stored 0x%08x, computed 0x%08x)", e.maskedCrc32c(), actual));
        }
        return buf.flip().order(ByteOrder.LITTLE_ENDIAN);
    }
}
