package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainingDocumentsTest {

    @TempDir
    Path dir;

    private final PretrainingVocab vocab = new PretrainingVocab(
            List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "c", "d"));

    /** Whitespace split; a line of only "-" gives no tokens. */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>(Arrays.asList(line.split("\\s+")));
        out.removeIf(t -> t.equals("-") || t.isEmpty());
        return out;
    }

    private List<List<String>> read(String content) throws Exception {
        Path f = dir.resolve("in.txt");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        List<List<String>> docs = new ArrayList<>();
        for (List<int[]> doc : PretrainingDocuments.read(f, PretrainingDocumentsTest::split, vocab)) {
            List<String> sentences = new ArrayList<>();
            for (int[] s : doc) {
                StringBuilder sb = new StringBuilder();
                for (int id : s) {
                    sb.append(sb.length() == 0 ? "" : " ").append(vocab.word(id));
                }
                sentences.add(sb.toString());
            }
            docs.add(sentences);
        }
        return docs;
    }

    @Test
    void splitsDocumentsLikeGooglesReader() throws Exception {
        // blank runs, whitespace-only lines (incl. NBSP and U+3000, Python whitespace), CR/CRLF endings,
        // a token-less line that is not a document break, no final newline
        assertEquals(List.of(List.of("a b", "c"), List.of("d", "a"), List.of("b")),
                read("\n\n a b \r\nc\n\u00a0\u3000\n\n-\nd\r-\ra\n \t\nb"));
    }

    @Test
    void reportsBytesConsumed() throws Exception {
        Path f = dir.resolve("many.txt");
        Files.writeString(f, "a\r\n".repeat(5000) + "b\n".repeat(5000));
        List<Long> reported = new ArrayList<>();
        List<List<int[]>> docs = PretrainingDocuments.read(f, PretrainingDocumentsTest::split, vocab, reported::add);
        assertEquals(1, docs.size());
        assertEquals(10000, docs.get(0).size());
        // after lines 4096 and 8192: 3 bytes per CRLF line, then 2 per LF line
        assertEquals(List.of(4096L * 3, 5000L * 3 + (8192 - 5000) * 2L), reported);
    }

    @Test
    void pythonStripUsesPythonsWhitespace() {
        assertEquals("x y", PretrainingDocuments.pythonStrip("\u001c\u0085\u2007 x y\u202f\u2029\u000b"));
        assertEquals("\u200bx", PretrainingDocuments.pythonStrip("\u200bx ")); // zero-width space is not whitespace
    }

    @Test
    void malformedUtf8NamesTheLine() throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.write(f, new byte[]{'a', '\n', '\n', 'b', ' ', (byte) 0xff, '\n'});
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> PretrainingDocuments.read(f, PretrainingDocumentsTest::split, vocab));
        assertTrue(e.getMessage().contains("bad.txt (line 3, byte 5)"), e.getMessage());
    }

    @Test
    void tokenOutsideVocabularyNamesTheLine() throws Exception {
        Path f = dir.resolve("oov.txt");
        Files.writeString(f, "a b\nc zebra\n");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> PretrainingDocuments.read(f, PretrainingDocumentsTest::split, vocab));
        assertTrue(e.getMessage().contains("oov.txt (line 2)") && e.getMessage().contains("zebra"), e.getMessage());
    }

    @Test
    void vocabularyNeedsSpecialTokensAndNoDuplicates() {
        assertThrows(UserInputException.class, () -> new PretrainingVocab(List.of("[CLS]", "[SEP]", "a")));
        assertThrows(UserInputException.class,
                () -> new PretrainingVocab(List.of("[CLS]", "[SEP]", "[MASK]", "a", "a")));
    }
}
