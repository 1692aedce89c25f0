package org.clinicalbert.workbench.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StrictUtf8Test {

    @TempDir
    Path dir;

    /** Valid text of 1-4 byte characters and mixed line ends, long enough to cross the 64 KiB buffer often. */
    private static String text(long seed) {
        Random r = new Random(seed);
        String[] pieces = {"a", "é", "€", "\uD83D\uDE00", " ", "\n", "\r\n", "word", "ß"};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 300_000) {
            sb.append(pieces[r.nextInt(pieces.length)]);
        }
        return sb.toString();
    }

    @Test
    void validTextReadsAsTheJdkDecodesIt() throws IOException {
        String t = text(1);
        Path f = Files.writeString(dir.resolve("ok.txt"), t);
        assertEquals(t, StrictUtf8.readString(f));
        assertEquals(Files.readAllLines(f), StrictUtf8.readAllLines(f));
    }

    @Test
    void invalidByteNamesFileLineAndOffset() throws IOException {
        byte[] valid = text(2).getBytes(StandardCharsets.UTF_8);
        for (int at : new int[]{0, 65_535, 65_536, 200_001}) {
            // place the bad byte at a character boundary at or after `at`
            int pos = at;
            while ((valid[pos] & 0xC0) == 0x80) {
                pos++;
            }
            byte[] bad = valid.clone();
            bad[pos] = (byte) 0xFF;
            Path f = Files.write(dir.resolve("bad-" + at + ".txt"), bad);
            long line = 1;
            for (int i = 0; i < pos; i++) {
                line += bad[i] == '\n' ? 1 : 0;
            }
            InputFormatException e = assertThrows(InputFormatException.class, () -> StrictUtf8.readString(f));
            assertEquals(f + " (line " + line + ", byte " + pos + "): invalid UTF-8 byte 0xFF (the file must be UTF-8; "
                    + "convert it, e.g. iconv -f latin1 -t utf-8)", e.getMessage());
        }
    }

    @Test
    void sequenceCutAtTheEndOfTheFile() throws IOException {
        Path f = Files.write(dir.resolve("cut.txt"), new byte[]{'a', '\n', 'b', (byte) 0xE2, (byte) 0x82});
        InputFormatException e = assertThrows(InputFormatException.class, () -> StrictUtf8.readAllLines(f));
        assertEquals("line 2, byte 3", e.location());
        assertEquals(f + " (line 2, byte 3): incomplete UTF-8 sequence 0xE2 0x82 at the end (the file must be UTF-8; "
                + "convert it, e.g. iconv -f latin1 -t utf-8)", e.getMessage());
    }

    @Test
    void oneLineDecodedWithItsFileOffset() {
        byte[] b = "xxab\u00e9c".getBytes(StandardCharsets.UTF_8);
        assertEquals("ab\u00e9c", StrictUtf8.decodeLine(Path.of("v.txt"), 7, 100, ByteBuffer.wrap(b, 2, b.length - 2)));
        b[4] = (byte) 0xC3;
        b[5] = 'z';
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> StrictUtf8.decodeLine(Path.of("v.txt"), 7, 100, ByteBuffer.wrap(b, 2, b.length - 2)));
        assertEquals("line 7, byte 102", e.location());
    }

    @Test
    void aByteOrderMarkIsNamedByEveryReader() throws IOException {
        Path f = dir.resolve("bom.txt");
        Files.write(f, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\n'});
        String expected = f + " (line 1, byte 0): starts with a UTF-8 byte order mark (BOM, bytes 0xEF 0xBB 0xBF); "
                + "save the file as UTF-8 without a BOM";
        assertEquals(expected, assertThrows(InputFormatException.class, () -> StrictUtf8.readString(f)).getMessage());
        assertEquals(expected, assertThrows(InputFormatException.class, () -> StrictUtf8.readAllLines(f)).getMessage());
        try (Utf8Lines lines = new Utf8Lines(f)) {
            assertEquals(expected, assertThrows(InputFormatException.class, lines::next).getMessage());
        }
        // U+FEFF later in a file is an ordinary (zero-width no-break space) character
        Path later = Files.writeString(dir.resolve("later.txt"), "a\uFEFFb\n");
        assertEquals("a\uFEFFb\n", StrictUtf8.readString(later));
        // a folder given as a file names the folder
        assertEquals(dir.toString(), assertThrows(java.nio.file.FileSystemException.class,
                () -> StrictUtf8.readString(dir)).getFile());
    }
}
