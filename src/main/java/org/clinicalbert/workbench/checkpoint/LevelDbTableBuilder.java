package org.clinicalbert.workbench.checkpoint;

import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds a LevelDB-format SSTable in memory the way TensorFlow's table::TableBuilder does
 * (tensorflow/core/lib/io/table_builder.cc, block_builder.cc, format.cc), so the bytes equal what TF writes for
 * the same entries and options. The counterpart of {@link LevelDbTable}; written here for the same reason (no
 * library on our class path writes these tables). Only what a bundle index needs: bytewise key order, no filter
 * blocks, an empty metaindex block.
 *
 * TF's rules reproduced: a data block is cut once its size estimate reaches the block size; each index entry's
 * key is the shortest separator between the block's last key and the next block's first key (the last block's:
 * the shortest successor of its last key); the index block restarts at every entry; a Snappy-compressed block is
 * kept only if it saves at least 1/8 of the raw size, else stored raw with type 0.
 */
final class LevelDbTableBuilder {

    enum Compression {
        NONE(0), SNAPPY(1);

        final int type;

        Compression(int type) {
            this.type = type;
        }
    }

    static final int RESTART_INTERVAL = 16;

    private final int blockSize;
    private final Compression compression;
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final BlockBuilder dataBlock = new BlockBuilder(RESTART_INTERVAL);
    private final BlockBuilder indexBlock = new BlockBuilder(1);
    private byte[] lastKey;
    /** Handle of the last flushed data block, whose index entry waits for the next key (to pick a separator). */
    private BlockHandle pendingHandle;

    LevelDbTableBuilder(int blockSize, Compression compression) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive: " + blockSize);
        }
        this.blockSize = blockSize;
        this.compression = compression;
    }

    /** Adds an entry; keys must come in strictly increasing bytewise order. */
    void add(byte[] key, byte[] value) throws IOException {
        if (lastKey != null && Arrays.compareUnsigned(key, lastKey) <= 0) {
            throw new IllegalArgumentException("table keys out of order or repeated: \"" + printable(key)
                    + "\" after \"" + printable(lastKey) + "\"");
        }
        if (pendingHandle != null) {
            indexBlock.add(shortestSeparator(lastKey, key), pendingHandle.encode());
            pendingHandle = null;
        }
        lastKey = key.clone();
        dataBlock.add(key, value);
        if (dataBlock.sizeEstimate() >= blockSize) {
            flushDataBlock();
        }
    }

    /** The whole table: data blocks, metaindex block, index block, footer. */
    byte[] finish() throws IOException {
        flushDataBlock();
        BlockHandle metaindex = writeBlock(new BlockBuilder(RESTART_INTERVAL).finish());
        if (pendingHandle != null) {
            indexBlock.add(shortSuccessor(lastKey), pendingHandle.encode());
            pendingHandle = null;
        }
        BlockHandle index = writeBlock(indexBlock.finish());
        ByteArrayOutputStream footer = new ByteArrayOutputStream(LevelDbTable.FOOTER_LENGTH);
        footer.writeBytes(metaindex.encode());
        footer.writeBytes(index.encode());
        while (footer.size() < LevelDbTable.FOOTER_LENGTH - 8) {
            footer.write(0);
        }
        footer.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(LevelDbTable.MAGIC).array());
        file.writeBytes(footer.toByteArray());
        return file.toByteArray();
    }

    private void flushDataBlock() throws IOException {
        if (dataBlock.isEmpty()) {
            return;
        }
        pendingHandle = writeBlock(dataBlock.finish());
        dataBlock.reset();
    }

    /** Appends the block (compressed if that pays) and its trailer: type byte and masked CRC32C of both. */
    private BlockHandle writeBlock(byte[] raw) throws IOException {
        byte[] contents = raw;
        int type = Compression.NONE.type;
        if (compression == Compression.SNAPPY) {
            byte[] compressed = Snappy.compress(raw);
            if (compressed.length < raw.length - raw.length / 8) {
                contents = compressed;
                type = Compression.SNAPPY.type;
            }
        }
        BlockHandle handle = new BlockHandle(file.size(), contents.length);
        file.writeBytes(contents);
        CRC32C crc = new CRC32C();
        crc.update(contents);
        crc.update(type);
        file.write(type);
        file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(Crc32cMask.masked(crc)).array());
        return handle;
    }

    /**
     * A short key k with start <= k < limit (BytewiseComparator::FindShortestSeparator): the common prefix plus
     * the first differing byte of start plus one, when that still sorts below limit; else start itself.
     */
    static byte[] shortestSeparator(byte[] start, byte[] limit) {
        int n = Math.min(start.length, limit.length);
        int diff = 0;
        while (diff < n && start[diff] == limit[diff]) {
            diff++;
        }
        if (diff < n) {
            int b = start[diff] & 0xff;
            if (b < 0xff && b + 1 < (limit[diff] & 0xff)) {
                byte[] out = Arrays.copyOf(start, diff + 1);
                out[diff]++;
                return out;
            }
        }
        return start.clone();
    }

    /** A short key >= key (BytewiseComparator::FindShortSuccessor): first non-0xff byte plus one, rest dropped. */
    static byte[] shortSuccessor(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if ((key[i] & 0xff) != 0xff) {
                byte[] out = Arrays.copyOf(key, i + 1);
                out[i]++;
                return out;
            }
        }
        return key.clone();
    }

    private static String printable(byte[] key) {
        return new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One block: prefix-compressed entries, then the restart offsets and their count (block_builder.cc). */
    private static final class BlockBuilder {
        private final int restartInterval;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final List<Integer> restarts = new ArrayList<>();
        private byte[] last = new byte[0];
        private int counter;

        BlockBuilder(int restartInterval) {
            this.restartInterval = restartInterval;
            reset();
        }

        void reset() {
            buf.reset();
            restarts.clear();
            restarts.add(0);
            last = new byte[0];
            counter = 0;
        }

        void add(byte[] key, byte[] value) {
            int shared = 0;
            if (counter < restartInterval) {
                int n = Math.min(last.length, key.length);
                while (shared < n && last[shared] == key[shared]) {
                    shared++;
                }
            } else {
                // a restart point stores its key whole, so a reader can binary-search the restart array
                restarts.add(buf.size());
                counter = 0;
            }
            BlockHandle.writeVarint(buf, shared);
            BlockHandle.writeVarint(buf, key.length - shared);
            BlockHandle.writeVarint(buf, value.length);
            buf.write(key, shared, key.length - shared);
            buf.writeBytes(value);
            last = key;
            counter++;
        }

        boolean isEmpty() {
            return buf.size() == 0;
        }

        int sizeEstimate() {
            return buf.size() + 4 * restarts.size() + 4;
        }

        byte[] finish() {
            ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
            restarts.forEach(tail::putInt);
            tail.putInt(restarts.size());
            buf.writeBytes(tail.array());
            return buf.toByteArray();
        }
    }
}
