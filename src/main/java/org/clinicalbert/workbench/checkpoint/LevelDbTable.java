package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.InputFormatException;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads every key/value entry of a LevelDB-format SSTable, the container TensorFlow uses for a checkpoint's
 * {@code .index} file (tensorflow/core/lib/io/format.cc, block.cc). Written here because neither ND4J nor
 * any library on our class path reads these tables; a bundle index is small, so the whole file is held in memory.
 *
 * Layout: data blocks, metaindex block, index block (one entry per data block whose value is the block's
 * handle), then a 48-byte footer: two varint handles, zero padding, 8-byte magic. Every block is followed by a
 * trailer: 1 byte compression type (0 none, 1 Snappy) and the masked CRC32C of the stored block plus that byte.
 */
final class LevelDbTable {

    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_LENGTH = 48;
    static final int TRAILER_LENGTH = 5;
    private static final int NO_COMPRESSION = 0;
    private static final int SNAPPY = 1;

    /** A decoded entry of a data block. */
    record Entry(byte[] key, byte[] value, long blockOffset) {
    }

    private final Path file;
    private final byte[] bytes;
    private final List<BlockHandle> dataBlocks = new ArrayList<>();

    private LevelDbTable(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    static LevelDbTable parse(Path file, byte[] bytes) {
        LevelDbTable t = new LevelDbTable(file, bytes);
        t.readFooterAndIndex();
        return t;
    }

    /** The data blocks in file order, as the index block lists them. */
    List<BlockHandle> dataBlocks() {
        return List.copyOf(dataBlocks);
    }

    /** All entries of all data blocks, in table (key) order. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (BlockHandle h : dataBlocks) {
            for (RawEntry e : decodeBlock(h)) {
                out.add(new Entry(e.key, e.value, h.offset()));
            }
        }
        return out;
    }

    private void readFooterAndIndex() {
        if (bytes.length < FOOTER_LENGTH) {
            throw new InputFormatException(file, "offset 0",
                    "truncated table: " + bytes.length + " bytes, shorter than the " + FOOTER_LENGTH + "-byte footer");
        }
        int footerStart = bytes.length - FOOTER_LENGTH;
        long magic = ByteBuffer.wrap(bytes, bytes.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (magic != MAGIC) {
            throw new InputFormatException(file, "offset " + (bytes.length - 8),
                    String.format("not a TensorFlow checkpoint index (bad table magic 0x%016x)", magic));
        }
        Cursor c = new Cursor(bytes, footerStart, bytes.length - 8, "footer at offset " + footerStart);
        c.handle(); // metaindex: TensorFlow bundles keep nothing in it
        BlockHandle index = c.handle();
        for (RawEntry e : decodeBlock(index)) {
            Cursor v = new Cursor(e.value, 0, e.value.length, "index block at offset " + index.offset());
            dataBlocks.add(v.handle());
        }
    }

    /** Reads, checks and (if needed) decompresses one block, then splits it into prefix-decoded entries. */
    private List<RawEntry> decodeBlock(BlockHandle h) {
        byte[] block = blockContents(h);
        String where = "block at offset " + h.offset();
        if (block.length < 4) {
            throw new InputFormatException(file, where, "block of " + block.length + " bytes has no restart count");
        }
        ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        long numRestarts = Integer.toUnsignedLong(bb.getInt(block.length - 4));
        long restartsStart = block.length - 4 - 4 * numRestarts;
        if (numRestarts == 0 || restartsStart < 0) {
            throw new InputFormatException(file, where, "bad restart count " + numRestarts);
        }
        List<RawEntry> out = new ArrayList<>();
        Cursor c = new Cursor(block, 0, (int) restartsStart, where);
        byte[] previous = new byte[0];
        java.util.Set<Integer> restarts = new java.util.HashSet<>();
        for (int i = 0; i < numRestarts; i++) {
            restarts.add(bb.getInt((int) restartsStart + 4 * i));
        }
        while (c.hasMore()) {
            int entryStart = c.position();
            long shared = c.varint();
            long nonShared = c.varint();
            long valueLength = c.varint();
            if (restarts.contains(entryStart) && shared != 0) {
                // at a restart point the key is stored whole; anything else is a corrupt block
                throw new InputFormatException(file, where + ", entry at " + entryStart,
                        "restart point with " + shared + " shared key bytes");
            }
            if (shared > previous.length) {
                throw new InputFormatException(file, where + ", entry at " + entryStart,
                        "shares " + shared + " bytes with a key of " + previous.length);
            }
            byte[] key = Arrays.copyOf(previous, Math.toIntExact(shared + nonShared));
            c.bytesInto(key, (int) shared, nonShared);
            byte[] value = new byte[Math.toIntExact(valueLength)];
            c.bytesInto(value, 0, valueLength);
            out.add(new RawEntry(key, value));
            previous = key;
        }
        return out;
    }

    private byte[] blockContents(BlockHandle h) {
        String where = "block at offset " + h.offset();
        long end = h.offset() + h.size() + TRAILER_LENGTH;
        if (h.offset() < 0 || h.size() < 0 || end > bytes.length - FOOTER_LENGTH || end < 0) {
            throw new InputFormatException(file, where, "block of " + h.size() + " bytes runs past the end of the "
                    + bytes.length + "-byte file (truncated?)");
        }
        int off = (int) h.offset();
        int size = (int) h.size();
        int type = bytes[off + size] & 0xff;
        int expected = ByteBuffer.wrap(bytes, off + size + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int actual = Crc32cMask.maskedCrc(bytes, off, size + 1);
        if (actual != expected) {
            throw new InputFormatException(file, where, String.format(
                    "block checksum mismatch (stored 0x%08x, computed 0x%08x)", expected, actual));
        }
        byte[] stored = Arrays.copyOfRange(bytes, off, off + size);
        switch (type) {
            case NO_COMPRESSION:
                return stored;
            case SNAPPY:
                try {
                    if (!Snappy.isValidCompressedBuffer(stored)) {
                        throw new IOException("invalid Snappy stream");
                    }
                    return Snappy.uncompress(stored);
                } catch (IOException e) {
                    throw new InputFormatException(file, where, "bad Snappy-compressed block: " + e.getMessage(), e);
                }
            default:
                throw new InputFormatException(file, where, "unknown block compression type " + type);
        }
    }

    private record RawEntry(byte[] key, byte[] value) {
    }

    /** Bounds-checked reader over a byte range; every overrun is a format error naming the block. */
    private final class Cursor {
        private final byte[] b;
        private final int limit;
        private final String where;
        private int pos;

        Cursor(byte[] b, int start, int limit, String where) {
            this.b = b;
            this.pos = start;
            this.limit = limit;
            this.where = where;
        }

        boolean hasMore() {
            return pos < limit;
        }

        int position() {
            return pos;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) {
                    throw new InputFormatException(file, where, "truncated varint at " + pos);
                }
                int x = b[pos++] & 0xff;
                result |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return result;
                }
            }
            throw new InputFormatException(file, where, "varint longer than 10 bytes at " + pos);
        }

        BlockHandle handle() {
            return new BlockHandle(varint(), varint());
        }

        void bytesInto(byte[] dst, int dstOffset, long n) {
            if (n < 0 || n > limit - pos) {
                throw new InputFormatException(file, where, "entry at " + pos + " needs " + n
                        + " bytes, block has " + (limit - pos) + " left");
            }
            System.arraycopy(b, pos, dst, dstOffset, (int) n);
            pos += (int) n;
        }
    }
}
