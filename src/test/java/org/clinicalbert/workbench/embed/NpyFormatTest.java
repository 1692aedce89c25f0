package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NpyFormat} against files written by {@code numpy.save} (tools/embed/make_npy_golden.py, numpy 1.24). */
class NpyFormatTest {

    static byte[] golden(String name) throws IOException {
        try (InputStream in = NpyFormatTest.class.getResourceAsStream("/embed/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void headerIsByteForByteNumpys() throws IOException {
        byte[] g = golden("golden-3x5.npy");
        byte[] h = NpyFormat.header(3, 5);
        assertEquals(128, h.length);
        assertArrayEquals(Arrays.copyOf(g, h.length), h);
        assertArrayEquals(golden("golden-0x768.npy"), NpyFormat.header(0, 768));
        // NumPy's spare room for a growing first axis keeps the length fixed for any row count up to 21 digits
        assertEquals(h.length, NpyFormat.header(123_456_789_012L, 5).length);
        assertEquals(0, NpyFormat.headerLength(768) % 64);
    }

    @Test
    void payloadIsLittleEndianFloat32InCOrder() throws IOException {
        byte[] g = golden("golden-3x5.npy");
        ByteBuffer b = ByteBuffer.wrap(g, 128, g.length - 128).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 5; c++) {
                float expected = (float) (r - c / 8.0 + 0.1);
                if (r == 1 && c == 2) {
                    expected = -0.0f;
                } else if (r == 2 && c == 4) {
                    expected = 1e-40f;
                }
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(b.getFloat()), r + "," + c);
            }
        }
        // the same bytes from the workbench's writer path
        ByteBuffer ours = ByteBuffer.allocate(g.length).order(ByteOrder.LITTLE_ENDIAN).put(NpyFormat.header(3, 5));
        ByteBuffer src = ByteBuffer.wrap(g, 128, g.length - 128).order(ByteOrder.LITTLE_ENDIAN);
        while (src.hasRemaining()) {
            ours.putFloat(src.getFloat());
        }
        assertArrayEquals(g, ours.array());
    }

    @Test
    void readsNumpysHeaderAndRejectsOthers(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("g.npy");
        Files.write(f, golden("golden-3x5.npy"));
        try (FileChannel ch = FileChannel.open(f)) {
            assertEquals(new NpyFormat.Header(3, 5, 128), NpyFormat.read(ch, f));
        }
        byte[] truncated = Arrays.copyOf(golden("golden-3x5.npy"), 180);
        Files.write(f, truncated);
        try (FileChannel ch = FileChannel.open(f)) {
            InputFormatException e = assertThrows(InputFormatException.class, () -> NpyFormat.read(ch, f));
            assertTrue(e.getMessage().contains("g.npy") && e.getMessage().contains("[3, 5]"), e.getMessage());
        }
        byte[] f8 = NpyFormat.header(3, 5);
        byte[] patched = new String(f8, java.nio.charset.StandardCharsets.ISO_8859_1).replace("<f4", "<f8")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(f, patched);
        try (FileChannel ch = FileChannel.open(f)) {
            InputFormatException e = assertThrows(InputFormatException.class, () -> NpyFormat.read(ch, f));
            assertTrue(e.getMessage().contains("'<f8'"), e.getMessage());
        }
        Files.writeString(f, "hello, not numpy");
        try (FileChannel ch = FileChannel.open(f)) {
            assertThrows(InputFormatException.class, () -> NpyFormat.read(ch, f));
        }
    }
}
