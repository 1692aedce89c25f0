package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.InputFormatException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads TFRecord payloads one by one, verifying both masked CRC32Cs (framing as in {@link TfRecordWriter}). */
public final class TfRecordReader implements Closeable {

    private final Path file;
    private final InputStream in;
    private long offset;
    private long record;

    public TfRecordReader(Path file) throws IOException {
        this.file = file;
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** The next payload, or null at a clean end of file. */
    public byte[] next() throws IOException {
        String where = "record " + record + ", offset " + offset;
        byte[] header = new byte[12];
        int got = in.readNBytes(header, 0, 12);
        if (got == 0) {
            return null;
        }
        if (got < 12) {
            throw new InputFormatException(file, where, "truncated record header");
        }
        long length = 0;
        for (int i = 7; i >= 0; i--) {
            length = (length << 8) | (header[i] & 0xff);
        }
        if (readIntLe(header, 8) != Crc32cMask.maskedCrc(header, 0, 8)) {
            throw new InputFormatException(file, where, "length CRC mismatch");
        }
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new InputFormatException(file, where, "record length " + Long.toUnsignedString(length) + " too large");
        }
        byte[] payload = in.readNBytes((int) length);
        byte[] crc = in.readNBytes(4);
        if (payload.length < length || crc.length < 4) {
            throw new InputFormatException(file, where, "truncated record: " + length + " bytes announced");
        }
        if (readIntLe(crc, 0) != Crc32cMask.maskedCrc(payload)) {
            throw new InputFormatException(file, where, "data CRC mismatch");
        }
        offset += 16 + length;
        record++;
        return payload;
    }

    private static int readIntLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
