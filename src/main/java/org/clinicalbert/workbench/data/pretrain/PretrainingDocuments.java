package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.io.InputFormatException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Reads google's pretraining input (one sentence per line, blank line between documents) into tokenised
 * documents of vocabulary ids, the way the script's reading loop does: each line is stripped with Python's
 * {@code str.strip()} whitespace set; an empty line starts a new document; a line whose tokens are empty adds
 * nothing; empty documents are dropped. Lines end at \n, \r or \r\n (Python's universal newlines).
 *
 * <p>Unlike google (which decodes with errors="ignore"), malformed UTF-8 is an error naming the line, and so is
 * a token the vocabulary does not hold (google would fail later, at id conversion, without saying where).
 */
public final class PretrainingDocuments {

    private PretrainingDocuments() {
    }

    public static List<List<int[]>> read(Path file, Function<String, List<String>> tokenizer, PretrainingVocab vocab)
            throws IOException {
        return read(file, tokenizer, vocab, bytes -> { });
    }

    /** As {@link #read(Path, Function, PretrainingVocab)}, reporting the bytes consumed every 4096 lines. */
    public static List<List<int[]>> read(Path file, Function<String, List<String>> tokenizer, PretrainingVocab vocab,
                                         LongConsumer bytesRead) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<List<int[]>> documents = new ArrayList<>();
        List<int[]> current = new ArrayList<>();
        long lineNumber = 0;
        // Lines are split on bytes (UTF-8 never uses 0x0A/0x0D inside a character) and decoded one by one,
        // so a decoding error names its own line, not the start of a read-ahead buffer.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteLineReader lines = new ByteLineReader(in);
            while (true) {
                ByteBuffer bytes = lines.next();
                if (bytes == null) {
                    break;
                }
                lineNumber++;
                if ((lineNumber & 4095) == 0) {
                    bytesRead.accept(lines.consumed);
                }
                String line;
                try {
                    line = decoder.decode(bytes).toString();
                } catch (CharacterCodingException e) {
                    throw new InputFormatException(file, "line " + lineNumber, "malformed UTF-8", e);
                }
                String stripped = pythonStrip(line);
                if (stripped.isEmpty()) {
                    if (!current.isEmpty()) {
                        documents.add(current);
                        current = new ArrayList<>();
                    }
                    continue;
                }
                List<String> tokens = tokenizer.apply(stripped);
                if (tokens.isEmpty()) {
                    continue;
                }
                int[] ids = new int[tokens.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = vocab.id(tokens.get(i));
                    if (ids[i] < 0) {
                        throw new InputFormatException(file, "line " + lineNumber,
                                "token '" + tokens.get(i) + "' produced by the tokenizer is not in the vocabulary");
                    }
                }
                current.add(ids);
            }
        }
        if (!current.isEmpty()) {
            documents.add(current);
        }
        return documents;
    }

    /** Python 3's {@code str.strip()}: removes leading/trailing characters for which {@code str.isspace()} holds. */
    static String pythonStrip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** {@code str.isspace()} (bidi class WS/B/S or category Zs); every such code point is in the BMP. */
    static boolean isPythonSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
                || c == 0x3000;
    }

    /** Splits a byte stream at \n, \r and \r\n; reuses one buffer. */
    private static final class ByteLineReader {
        private final InputStream in;
        private byte[] buf = new byte[256];
        private int pending = -2; // a byte read ahead after \r, or -2 for none
        long consumed;

        ByteLineReader(InputStream in) {
            this.in = in;
        }

        ByteBuffer next() throws IOException {
            int n = 0;
            int b = pending != -2 ? pending : in.read();
            pending = -2;
            if (b == -1) {
                return null;
            }
            while (b != -1 && b != '\n' && b != '\r') {
                if (n == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, n * 2);
                }
                buf[n++] = (byte) b;
                b = in.read();
            }
            consumed += n + (b == -1 ? 0 : 1);
            if (b == '\r') {
                int after = in.read();
                if (after == '\n') {
                    consumed++;
                } else {
                    pending = after;
                }
            }
            return ByteBuffer.wrap(buf, 0, n);
        }
    }
}
