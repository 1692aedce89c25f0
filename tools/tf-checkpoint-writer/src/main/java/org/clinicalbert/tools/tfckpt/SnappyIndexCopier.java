package org.clinicalbert.tools.tfckpt;

import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Re-encodes a checkpoint's .index table (LevelDB SSTable format) with Snappy-compressed blocks, as
 * TF 1.x wrote them, using LevelDB's own defaults (4 KiB blocks, a restart point every 16 keys) so the
 * copy has several data blocks and prefix-compressed keys between restart points. TF 2.x writes the
 * same table uncompressed in one big block; TF reads both, which the caller checks by restoring the copy.
 *
 * Only what a TF bundle index uses is handled: no filter blocks, empty metaindex.
 */
final class SnappyIndexCopier {

    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER = 48;
    private static final int BLOCK_SIZE = 4096;
    private static final int RESTART_INTERVAL = 16;

    private SnappyIndexCopier() {
    }

    /** All key/value entries of the table in key order. */
    static List<Map.Entry<byte[], byte[]>> readEntries(Path index) throws IOException {
        byte[] file = Files.readAllBytes(index);
        ByteBuffer footer = ByteBuffer.wrap(file, file.length - FOOTER, FOOTER).order(ByteOrder.LITTLE_ENDIAN);
        if (ByteBuffer.wrap(file, file.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != MAGIC) {
            throw new IOException(index + ": bad table magic");
        }
        int[] pos = {file.length - FOOTER};
        readVarint(file, pos); // metaindex offset
        readVarint(file, pos); // metaindex size
        long indexOffset = readVarint(file, pos);
        long indexSize = readVarint(file, pos);
        List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> handle : blockEntries(readBlock(file, indexOffset, indexSize))) {
            int[] p = {0};
            long off = readVarint(handle.getValue(), p);
            long size = readVarint(handle.getValue(), p);
            out.addAll(blockEntries(readBlock(file, off, size)));
        }
        return out;
    }

    static void writeSnappyTable(Path target, List<Map.Entry<byte[], byte[]>> entries) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<Map.Entry<byte[], byte[]>> indexEntries = new ArrayList<>();
        BlockBuilder block = new BlockBuilder(RESTART_INTERVAL);
        byte[] lastKey = null;
        for (Map.Entry<byte[], byte[]> e : entries) {
            block.add(e.getKey(), e.getValue());
            lastKey = e.getKey();
            if (block.estimatedSize() >= BLOCK_SIZE) {
                // the last key of a block is a valid separator for a bytewise-ordered table
                indexEntries.add(new AbstractMap.SimpleEntry<>(lastKey, writeBlock(file, block.finish())));
                block = new BlockBuilder(RESTART_INTERVAL);
            }
        }
        if (!block.isEmpty()) {
            indexEntries.add(new AbstractMap.SimpleEntry<>(lastKey, writeBlock(file, block.finish())));
        }
        byte[] metaHandle = writeBlock(file, new BlockBuilder(RESTART_INTERVAL).finish());
        BlockBuilder index = new BlockBuilder(1);
        for (Map.Entry<byte[], byte[]> e : indexEntries) {
            index.add(e.getKey(), e.getValue());
        }
        byte[] indexHandle = writeBlock(file, index.finish());
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        footer.write(metaHandle);
        footer.write(indexHandle);
        while (footer.size() < FOOTER - 8) {
            footer.write(0);
        }
        footer.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(MAGIC).array());
        file.write(footer.toByteArray());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, file.toByteArray());
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Appends the Snappy-compressed block and its trailer; returns the encoded BlockHandle. */
    private static byte[] writeBlock(ByteArrayOutputStream file, byte[] raw) throws IOException {
        byte[] compressed = Snappy.compress(raw);
        long offset = file.size();
        file.write(compressed);
        CRC32C crc = new CRC32C();
        crc.update(compressed);
        crc.update(1);
        file.write(1);
        file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(mask((int) crc.getValue())).array());
        ByteArrayOutputStream handle = new ByteArrayOutputStream();
        writeVarint(handle, offset);
        writeVarint(handle, compressed.length);
        return handle.toByteArray();
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static byte[] readBlock(byte[] file, long offset, long size) throws IOException {
        byte[] contents = Arrays.copyOfRange(file, (int) offset, (int) (offset + size));
        int type = file[(int) (offset + size)];
        return switch (type) {
            case 0 -> contents;
            case 1 -> Snappy.uncompress(contents);
            default -> throw new IOException("unknown block compression " + type);
        };
    }

    private static List<Map.Entry<byte[], byte[]>> blockEntries(byte[] block) {
        ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        int numRestarts = bb.getInt(block.length - 4);
        int limit = block.length - 4 - 4 * numRestarts;
        List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
        byte[] key = new byte[0];
        int[] p = {0};
        while (p[0] < limit) {
            int shared = (int) readVarint(block, p);
            int nonShared = (int) readVarint(block, p);
            int valueLen = (int) readVarint(block, p);
            byte[] k = Arrays.copyOf(key, shared + nonShared);
            System.arraycopy(block, p[0], k, shared, nonShared);
            p[0] += nonShared;
            out.add(new AbstractMap.SimpleEntry<>(k, Arrays.copyOfRange(block, p[0], p[0] + valueLen)));
            p[0] += valueLen;
            key = k;
        }
        return out;
    }

    static long readVarint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = b[pos[0]++] & 0xff;
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalStateException("varint too long");
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** LevelDB block layout: prefix-compressed entries, then the restart offsets and their count. */
    private static final class BlockBuilder {
        private final int restartInterval;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final List<Integer> restarts = new ArrayList<>(List.of(0));
        private byte[] lastKey = new byte[0];
        private int counter;
        private boolean empty = true;

        BlockBuilder(int restartInterval) {
            this.restartInterval = restartInterval;
        }

        void add(byte[] key, byte[] value) {
            int shared = 0;
            if (counter < restartInterval) {
                int n = Math.min(lastKey.length, key.length);
                while (shared < n && lastKey[shared] == key[shared]) {
                    shared++;
                }
            } else {
                restarts.add(buf.size());
                counter = 0;
            }
            writeVarint(buf, shared);
            writeVarint(buf, key.length - shared);
            writeVarint(buf, value.length);
            buf.write(key, shared, key.length - shared);
            buf.write(value, 0, value.length);
            lastKey = key;
            counter++;
            empty = false;
        }

        boolean isEmpty() {
            return empty;
        }

        int estimatedSize() {
            return buf.size() + 4 * restarts.size() + 4;
        }

        byte[] finish() {
            ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
            restarts.forEach(tail::putInt);
            tail.putInt(restarts.size());
            buf.write(tail.array(), 0, tail.capacity());
            return buf.toByteArray();
        }
    }
}
