package org.clinicalbert.workbench.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a UTF-8 text file line by line, strictly: lines end at \n, \r or \r\n (Python's universal newlines) and
 * are split on bytes (UTF-8 never uses 0x0A/0x0D inside a character), then decoded one by one, so malformed UTF-8
 * is an {@link InputFormatException} naming its own line rather than the start of a read-ahead buffer.
 */
public final class Utf8Lines implements Closeable {

    private final Path file;
    private final InputStream in;
    private byte[] buf = new byte[256];
    private int pending = -2; // a byte read ahead after \r, or -2 for none
    private long consumed;
    private long lineNumber;

    public Utf8Lines(Path file) throws IOException {
        this.file = file;
        this.in = new BufferedInputStream(StrictUtf8.open(file), 1 << 16);
    }

    /** The next line without its terminator, or null at the end of the file. */
    public String next() throws IOException {
        int n = 0;
        int b = pending != -2 ? pending : in.read();
        pending = -2;
        if (b == -1) {
            return null;
        }
        while (b != -1 && b != '\n' && b != '\r') {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = (byte) b;
            b = in.read();
        }
        long lineStart = consumed;
        consumed += n + (b == -1 ? 0 : 1);
        if (b == '\r') {
            int after = in.read();
            if (after == '\n') {
                consumed++;
            } else {
                pending = after;
            }
        }
        lineNumber++;
        // one decoding rule and one error message (line and byte offset) for every reader: StrictUtf8's
        return StrictUtf8.decodeLine(file, lineNumber, lineStart, ByteBuffer.wrap(buf, 0, n));
    }

    /** 1-based number of the line {@link #next} returned last. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Bytes of the file consumed so far. */
    public long bytesRead() {
        return consumed;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
