package org.clinicalbert.workbench.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every reader of text input decodes through here: UTF-8, strictly (or, for a corpus the user says is in another
 * encoding with {@code --encoding}, that charset, as strictly). An invalid byte is an
 * {@link InputFormatException} naming the file, the line and the byte offset ({@code line 3, byte 17}), never a
 * silent U+FFFD, and never a bare {@code MalformedInputException} that does not say which file.
 */
public final class StrictUtf8 {

    private static final int BUFFER = 1 << 16;

    private StrictUtf8() {
    }

    /**
     * The file's bytes; a folder is refused naming it (opening a folder succeeds on Linux and the first read fails
     * with an {@code IOException("Is a directory")} that names nothing).
     */
    public static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "Is a directory");
        }
        return Files.newInputStream(file);
    }

    /** A reader over {@code file}; a missing file is the usual {@link java.nio.file.NoSuchFileException}. */
    public static Reader reader(Path file) throws IOException {
        return new Utf8Reader(new BufferedInputStream(open(file), BUFFER), file, StandardCharsets.UTF_8);
    }

    /** A reader over bytes that came from {@code file} (decompressed, for instance: offsets are then in the stream). */
    public static Reader reader(InputStream in, Path file) {
        return new Utf8Reader(in, file, StandardCharsets.UTF_8);
    }

    /**
     * As {@link #reader(InputStream, Path)}, decoding strictly in {@code charset} (a corpus known to be in another
     * encoding, given with {@code --encoding}): a byte sequence the charset does not define is an error with its
     * line and offset, never a substitute character.
     */
    public static Reader reader(InputStream in, Path file, Charset charset) {
        return new Utf8Reader(in, file, charset);
    }

    public static String readString(Path file, Charset charset) throws IOException {
        try (Reader r = new Utf8Reader(new BufferedInputStream(open(file), BUFFER), file, charset)) {
            return readAll(r);
        }
    }

    public static List<String> readAllLines(Path file, Charset charset) throws IOException {
        try (BufferedReader r = new BufferedReader(new Utf8Reader(new BufferedInputStream(open(file),
                BUFFER), file, charset), BUFFER)) {
            return lines(r);
        }
    }

    /**
     * The charset named by an {@code --encoding} value (utf-8, latin-1, windows-1252, ...); an unknown name is bad
     * input naming the option.
     */
    public static Charset charset(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        String canonical = n.equals("latin-1") || n.equals("latin1") ? "ISO-8859-1" : n;
        try {
            return Charset.forName(canonical);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--encoding: unknown encoding '" + name
                    + "' (e.g. utf-8, latin-1, windows-1252)");
        }
    }

    public static BufferedReader bufferedReader(Path file) throws IOException {
        return new BufferedReader(reader(file), BUFFER);
    }

    public static String readString(Path file) throws IOException {
        try (Reader r = reader(file)) {
            return readAll(r);
        }
    }

    private static String readAll(Reader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[BUFFER];
        for (int n; (n = r.read(buf)) >= 0; ) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }

    /** Lines as {@link Files#readAllLines} splits them (\n, \r\n or \r). */
    public static List<String> readAllLines(Path file) throws IOException {
        try (BufferedReader r = bufferedReader(file)) {
            return lines(r);
        }
    }

    private static List<String> lines(BufferedReader r) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
        }
        return lines;
    }

    /** Decodes one line's bytes; {@code lineStart} is the file offset of its first byte (for the message). */
    public static String decodeLine(Path file, long lineNumber, long lineStart, ByteBuffer bytes) {
        CharsetDecoder decoder = decoder(StandardCharsets.UTF_8);
        int start = bytes.position();
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.remaining() * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult r = decoder.decode(bytes, out, true);
        if (r.isError()) {
            throw invalid(file, lineNumber, lineStart + bytes.position() - start, bytes, r, true, StandardCharsets.UTF_8);
        }
        if (lineStart == 0 && out.position() > 0 && out.get(0) == BOM) {
            throw byteOrderMark(file);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * A UTF-8 byte order mark (U+FEFF, bytes EF BB BF), which Windows editors put at the start of a file: Java keeps
     * it as a character, so a reader would see it glued to the first field or key and report an unexpected
     * character; it is named instead.
     */
    private static InputFormatException byteOrderMark(Path file) {
        return new InputFormatException(file, "line 1, byte 0", "starts with a UTF-8 byte order mark (BOM, bytes "
                + "0xEF 0xBB 0xBF); save the file as UTF-8 without a BOM");
    }

    private static final char BOM = '\uFEFF';

    private static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static InputFormatException invalid(Path file, long line, long offset, ByteBuffer bytes, CoderResult r,
                                                 boolean atEnd, Charset charset) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < r.length() && bytes.position() + i < bytes.limit(); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes.get(bytes.position() + i) & 0xff));
        }
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return new InputFormatException(file, "line " + line + ", byte " + offset, "byte " + hex
                    + " is not valid " + charset.name() + " (the --encoding given)");
        }
        int lead = bytes.get(bytes.position()) & 0xff;
        boolean cut = atEnd && bytes.position() + r.length() >= bytes.limit() && lead >= 0xC2 && lead <= 0xF4;
        String what = cut ? "incomplete UTF-8 sequence " + hex + " at the end" : "invalid UTF-8 byte " + hex;
        return new InputFormatException(file, "line " + line + ", byte " + offset,
                what + " (the file must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8)");
    }

    /** Streams chars; counts newlines and bytes so an error can say where it is. */
    private static final class Utf8Reader extends Reader {
        private final InputStream in;
        private final Path file;
        private final CharsetDecoder decoder;
        private final Charset charset;
        private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
        private final CharBuffer chars = CharBuffer.allocate(BUFFER);
        /** File offset of {@code bytes}' index 0. */
        private long base;
        private long line = 1;
        private boolean eof;
        private boolean flushed;
        /** Whether the first character was decoded (and checked for a byte order mark). */
        private boolean started;

        Utf8Reader(InputStream in, Path file, Charset charset) {
            this.in = in;
            this.file = file;
            this.charset = charset;
            this.decoder = decoder(charset);
            bytes.flip();
            chars.flip();
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!chars.hasRemaining()) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, chars.remaining());
            chars.get(cbuf, off, n);
            return n;
        }

        private boolean fill() throws IOException {
            if (flushed) {
                return false;
            }
            chars.clear();
            while (true) {
                int before = chars.position();
                CoderResult r = decoder.decode(bytes, chars, eof);
                if (!started && chars.position() > 0) {
                    started = true;
                    if (chars.get(0) == BOM && charset.equals(StandardCharsets.UTF_8)) {
                        throw byteOrderMark(file);
                    }
                }
                for (int i = before; i < chars.position(); i++) {
                    if (chars.get(i) == '\n') {
                        line++;
                    }
                }
                if (r.isError()) {
                    throw invalid(file, line, base + bytes.position(), bytes, r, eof, charset);
                }
                if (r.isOverflow()) {
                    chars.flip();
                    return true;
                }
                if (eof) {
                    decoder.flush(chars);
                    flushed = true;
                    chars.flip();
                    return chars.hasRemaining();
                }
                if (chars.position() > 0) {
                    chars.flip();
                    return true;
                }
                base += bytes.position();
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
