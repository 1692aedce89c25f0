package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format 1.0 for a C-order little-endian float32 matrix, byte for byte as
 * {@code numpy.save} writes it ({@code numpy/lib/format.py _write_array_header}): magic, version 1.0, a
 * little-endian uint16 header length, then the dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, H), }}
 * followed by spare spaces for a 21-digit row count (NumPy's GROWTH_AXIS_MAX_DIGITS) and padding so that the data
 * starts at a multiple of 64 bytes. Because of that spare room the header length does not depend on N, so a
 * streamed file can reserve it up front and fill it in when the row count is known.
 */
public final class NpyFormat {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int PREFIX = MAGIC.length + 2 + 2;
    private static final Pattern DICT = Pattern.compile(
            "\\{\\s*'descr'\\s*:\\s*'([^']*)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,\\s*"
                    + "'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)\\s*,?\\s*}\\s*");

    /** A parsed header: shape {@code [rows, cols]} of float32 and where the data starts. */
    public record Header(long rows, int cols, int dataOffset) {
        public long dataBytes() {
            return rows * cols * (long) Float.BYTES;
        }
    }

    private NpyFormat() {
    }

    /** The complete header ({@link #headerLength} bytes) for a {@code [rows, cols]} float32 matrix. */
    public static byte[] header(long rows, int cols) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(rows).length()));
        int hlen = dict.length() + 1;
        int pad = ALIGN - ((PREFIX + hlen) % ALIGN);
        String text = dict + " ".repeat(pad) + "\n";
        byte[] textBytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(PREFIX + textBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) textBytes.length).put(textBytes);
        return b.array();
    }

    /** The header length for {@code cols} columns, the same for every row count up to 21 digits. */
    public static int headerLength(int cols) {
        return header(0, cols).length;
    }

    /**
     * Reads and checks the header of {@code file}: format 1.x, {@code '<f4'}, C order, two dimensions, and a file
     * exactly as long as header plus data.
     *
     * @throws InputFormatException naming the file for anything else
     */
    public static Header read(FileChannel channel, Path file) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(PREFIX).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0, file);
        byte[] magic = new byte[MAGIC.length];
        prefix.flip().get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new InputFormatException(file, "offset 0", "not a NumPy .npy file (bad magic)");
        }
        int major = prefix.get();
        prefix.get();
        if (major != 1) {
            throw new InputFormatException(file, "offset 6", "npy format version " + major
                    + ".x is not supported (expected 1.0)");
        }
        int hlen = Short.toUnsignedInt(prefix.getShort());
        ByteBuffer dictBytes = ByteBuffer.allocate(hlen);
        readFully(channel, dictBytes, PREFIX, file);
        String dict = new String(dictBytes.array(), StandardCharsets.US_ASCII);
        Matcher m = DICT.matcher(dict);
        if (!m.matches()) {
            throw new InputFormatException(file, "header", "expected a 2-D float32 array header, found " + dict.strip());
        }
        if (!m.group(1).equals("<f4") || !m.group(2).equals("False")) {
            throw new InputFormatException(file, "header", "expected descr '<f4' in C order, found descr '"
                    + m.group(1) + "', fortran_order " + m.group(2));
        }
        Header h = new Header(Long.parseLong(m.group(3)), Integer.parseInt(m.group(4)), PREFIX + hlen);
        long expected = h.dataOffset() + h.dataBytes();
        if (channel.size() != expected) {
            throw new InputFormatException(file, null, "file is " + channel.size() + " bytes but its header says ["
                    + h.rows() + ", " + h.cols() + "] float32 (" + expected + " bytes): truncated or not written by "
                    + "this workbench");
        }
        return h;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position, Path file) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new InputFormatException(file, "offset " + at, "file ends inside the .npy header");
            }
            at += n;
        }
    }
}
