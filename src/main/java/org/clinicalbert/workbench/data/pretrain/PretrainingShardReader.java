package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.io.InputFormatException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Streams the instances of a shard written by {@link PretrainingShardWriter} (format documented there) one by
 * one, without loading the shard. Every field is range-checked; a truncated or corrupt shard raises an
 * {@link InputFormatException} naming the record and byte offset. The CRC is checked once the last record
 * has been read, so a consumer sees an error before {@link #hasNext()} returns false on a corrupt file.
 */
public final class PretrainingShardReader implements Iterator<TrainingInstance>, Closeable {

    private final Path file;
    private final InputStream raw;
    private final DataInputStream in;
    private final CRC32C crc = new CRC32C();
    private final CountingInput counter;
    private final int maxSeqLength;
    private final int maxPredictionsPerSeq;
    private final int vocabSize;
    private final int idBytes;
    private final long count;
    private long read;
    private final byte[] recordHeader;
    private final byte[] body;

    public PretrainingShardReader(Path file) throws IOException {
        this.file = file;
        this.raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        this.counter = new CountingInput(raw);
        DataInputStream header = new DataInputStream(counter);
        try {
            if (header.readInt() != PretrainingShardWriter.MAGIC) {
                throw new InputFormatException(file, "offset 0", "not a pretraining shard (bad magic)");
            }
            int version = header.readInt();
            if (version != PretrainingShardWriter.VERSION) {
                throw new InputFormatException(file, "offset 4", "unsupported shard version " + version);
            }
            maxSeqLength = header.readInt();
            maxPredictionsPerSeq = header.readInt();
            vocabSize = header.readInt();
            idBytes = header.readInt();
            count = header.readLong();
        } catch (EOFException e) {
            raw.close();
            throw new InputFormatException(file, "offset " + counter.position, "truncated header", e);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
        if (maxSeqLength < 1 || maxSeqLength > 65535 || maxPredictionsPerSeq < 0 || maxPredictionsPerSeq > 65535 || vocabSize < 1 || (idBytes != 2 && idBytes != 4)
                || count < 0) {
            raw.close();
            throw new InputFormatException(file, "offset 8", "invalid header: max_seq_length " + maxSeqLength
                    + ", max_predictions " + maxPredictionsPerSeq + ", vocab " + vocabSize + ", id bytes " + idBytes
                    + ", count " + count);
        }
        this.in = new DataInputStream(new CheckedInputStream(counter, crc));
        this.recordHeader = new byte[7];
        this.body = new byte[maxSeqLength * idBytes + maxPredictionsPerSeq * (2 + idBytes)];
        if (count == 0) {
            try {
                verifyTrailer();
            } catch (RuntimeException e) {
                raw.close();
                throw e;
            }
        }
    }

    public int maxSeqLength() {
        return maxSeqLength;
    }

    public int maxPredictionsPerSeq() {
        return maxPredictionsPerSeq;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public long count() {
        return count;
    }

    @Override
    public boolean hasNext() {
        return read < count;
    }

    @Override
    public TrainingInstance next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long offset = counter.position;
        String where = "record " + read + ", offset " + offset;
        try {
            in.readFully(recordHeader);
            ByteBuffer h = ByteBuffer.wrap(recordHeader);
            int n = h.getShort() & 0xffff;
            int a = h.getShort() & 0xffff;
            int randomNext = h.get() & 0xff;
            int m = h.getShort() & 0xffff;
            if (n > maxSeqLength || a > n || randomNext > 1 || m > maxPredictionsPerSeq || m > n) {
                throw new InputFormatException(file, where, "invalid record header: tokens " + n + ", segment A " + a
                        + ", is_random_next " + randomNext + ", masked " + m);
            }
            int bodyBytes = n * idBytes + m * (2 + idBytes);
            in.readFully(body, 0, bodyBytes);
            ByteBuffer b = ByteBuffer.wrap(body, 0, bodyBytes);
            int[] tokens = readIds(b, n, where);
            int[] positions = new int[m];
            for (int k = 0; k < m; k++) {
                positions[k] = b.getShort() & 0xffff;
                if (positions[k] >= n || (k > 0 && positions[k] <= positions[k - 1])) {
                    throw new InputFormatException(file, where, "masked position " + positions[k]
                            + " out of range or order");
                }
            }
            int[] labels = readIds(b, m, where);
            read++;
            if (read == count) {
                verifyTrailer();
            }
            return new TrainingInstance(tokens, a, randomNext == 1, positions, labels);
        } catch (EOFException e) {
            throw new InputFormatException(file, where, "truncated shard: " + count + " records announced", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int[] readIds(ByteBuffer b, int n, String where) {
        int[] ids = new int[n];
        for (int k = 0; k < n; k++) {
            int id = idBytes == 2 ? b.getShort() & 0xffff : b.getInt();
            if (id < 0 || id >= vocabSize) {
                throw new InputFormatException(file, where, "token id " + id + " outside vocabulary of " + vocabSize);
            }
            ids[k] = id;
        }
        return ids;
    }

    private void verifyTrailer() {
        long offset = counter.position;
        int expected = (int) crc.getValue();
        try {
            DataInputStream trailer = new DataInputStream(counter);
            int stored = trailer.readInt();
            int end = trailer.readInt();
            if (end != PretrainingShardWriter.END_MAGIC) {
                throw new InputFormatException(file, "offset " + (offset + 4), "missing end marker");
            }
            if (stored != expected) {
                throw new InputFormatException(file, "offset " + offset, "CRC32C mismatch: shard is corrupt");
            }
            if (counter.read() != -1) {
                throw new InputFormatException(file, "offset " + (offset + 8), "trailing bytes after end marker");
            }
        } catch (EOFException e) {
            throw new InputFormatException(file, "offset " + offset, "truncated shard: trailer missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    /** Tracks the byte offset for error messages. */
    private static final class CountingInput extends InputStream {
        private final InputStream in;
        long position;

        CountingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }
}
