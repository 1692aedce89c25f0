package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.InputFormatException;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;
import org.tensorflow.framework.TensorShapeProto;
import org.tensorflow.util.BundleEntryProto;
import org.tensorflow.util.BundleHeaderProto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code <prefix>.index} file of a TensorFlow V2 checkpoint: a LevelDB-format table whose key "" holds the
 * BundleHeaderProto and whose other keys are tensor names mapped to BundleEntryProtos
 * (tensorflow/core/util/tensor_bundle). The protos are decoded with the generated classes nd4j-api ships.
 */
public final class TensorBundleIndex {

    private final Path file;
    private final BundleHeader header;
    private final Map<String, TensorEntry> entries;
    private final int dataBlockCount;

    private TensorBundleIndex(Path file, BundleHeader header, Map<String, TensorEntry> entries, int dataBlockCount) {
        this.file = file;
        this.header = header;
        this.entries = entries;
        this.dataBlockCount = dataBlockCount;
    }

    public static TensorBundleIndex read(Path indexFile) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(indexFile);
        } catch (NoSuchFileException e) {
            throw new InputFormatException(indexFile, null, "checkpoint index file not found", e);
        }
        LevelDbTable table = LevelDbTable.parse(indexFile, bytes);
        BundleHeader header = null;
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        for (LevelDbTable.Entry e : table.entries()) {
            String key = new String(e.key(), StandardCharsets.UTF_8);
            String where = "block at offset " + e.blockOffset() + ", key \"" + key + "\"";
            if (key.isEmpty()) {
                header = parseHeader(indexFile, where, e.value());
            } else {
                entries.put(key, parseEntry(indexFile, where, key, e.value()));
            }
        }
        if (header == null) {
            throw new InputFormatException(indexFile, null, "no bundle header (key \"\") in the index table");
        }
        for (TensorEntry t : entries.values()) {
            if (t.shardId() < 0 || t.shardId() >= header.numShards()) {
                throw new InputFormatException(indexFile, "variable " + t.name(),
                        "shard " + t.shardId() + " but the header names " + header.numShards() + " shard(s)");
            }
        }
        return new TensorBundleIndex(indexFile, header, Collections.unmodifiableMap(entries), table.dataBlocks().size());
    }

    private static BundleHeader parseHeader(Path file, String where, byte[] value) {
        BundleHeaderProto p;
        try {
            p = BundleHeaderProto.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new InputFormatException(file, where, "bad BundleHeaderProto: " + e.getMessage(), e);
        }
        if (p.getNumShards() < 1) {
            throw new InputFormatException(file, where, "bundle header names " + p.getNumShards() + " shards");
        }
        boolean little = p.getEndiannessValue() == BundleHeaderProto.Endianness.LITTLE_VALUE;
        if (!little) {
            throw new InputFormatException(file, where, "big-endian checkpoints are not supported");
        }
        return new BundleHeader(p.getNumShards(), true, p.getVersion().getProducer());
    }

    private static TensorEntry parseEntry(Path file, String where, String name, byte[] value) {
        BundleEntryProto p;
        try {
            p = BundleEntryProto.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new InputFormatException(file, where, "bad BundleEntryProto: " + e.getMessage(), e);
        }
        if (p.getSlicesCount() > 0) {
            // partitioned variables keep their pieces under separate keys; BERT checkpoints have none
            throw new InputFormatException(file, "variable " + name, "partitioned (sliced) variables are not supported");
        }
        TensorShapeProto s = p.getShape();
        if (s.getUnknownRank()) {
            throw new InputFormatException(file, "variable " + name, "shape of unknown rank");
        }
        long[] shape = new long[s.getDimCount()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = s.getDim(d).getSize();
            if (shape[d] < 0) {
                throw new InputFormatException(file, "variable " + name, "negative dimension " + shape[d]);
            }
        }
        return new TensorEntry(name, TfDataType.fromNumber(p.getDtypeValue()), shape, p.getShardId(), p.getOffset(),
                p.getSize(), p.getCrc32C());
    }

    public Path file() {
        return file;
    }

    public BundleHeader header() {
        return header;
    }

    /** All tensors in key order (the order TF sorts names in the table). */
    public List<TensorEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    public Optional<TensorEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** How many data blocks the table has (diagnostics; TF 2.x writes one big block, TF 1.x many small ones). */
    public int dataBlockCount() {
        return dataBlockCount;
    }
}
