package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Utf8Lines;

import java.io.IOException;
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
        return read(file, tokenizer, vocab, bytesRead, line -> { });
    }

    /**
     * As {@link #read(Path, Function, PretrainingVocab, LongConsumer)}, telling {@code skippedLine} the number of
     * each non-blank line left out because the tokenizer makes nothing of it (control or zero-width characters
     * only): google leaves such lines out too, silently; here they are located.
     */
    public static List<List<int[]>> read(Path file, Function<String, List<String>> tokenizer, PretrainingVocab vocab,
                                         LongConsumer bytesRead, LongConsumer skippedLine) throws IOException {
        List<List<int[]>> documents = new ArrayList<>();
        List<int[]> current = new ArrayList<>();
        // Utf8Lines splits on bytes and decodes line by line, so malformed UTF-8 names its own line
        try (Utf8Lines lines = new Utf8Lines(file)) {
            while (true) {
                String line = lines.next();
                if (line == null) {
                    break;
                }
                long lineNumber = lines.lineNumber();
                if ((lineNumber & 4095) == 0) {
                    bytesRead.accept(lines.bytesRead());
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
                    skippedLine.accept(lineNumber);
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
}
