package org.clinicalbert.workbench.tokenize;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabTest {

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("vocab.txt");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    @Test
    void idsAreLineIndicesAndLinesAreStripped() throws IOException {
        Vocab vocab = Vocab.load(write("[PAD]\r\n[UNK]\n  hello \t\n##lo\nh\u00E9\n"));
        assertEquals(5, vocab.size());
        assertEquals(List.of("[PAD]", "[UNK]", "hello", "##lo", "h\u00E9"), vocab.tokens());
        assertEquals(1, vocab.unkId());
        assertEquals(2, vocab.id("hello"));
        assertEquals(-1, vocab.id("absent"));
        assertEquals("##lo", vocab.token(3));
        assertTrue(vocab.contains("h\u00E9"));
        assertFalse(vocab.contains(" hello "));
        assertArrayEquals(new int[] {2, 1, 3}, vocab.ids(List.of("hello", "absent", "##lo")));
        assertThrows(IndexOutOfBoundsException.class, () -> vocab.token(5));
    }

    @Test
    void lastLineWithoutNewlineCounts() throws IOException {
        assertEquals(List.of("[UNK]", "a"), Vocab.load(write("[UNK]\na")).tokens());
    }

    @Test
    void blankLineKeepsLaterIdsAligned() throws IOException {
        Vocab vocab = Vocab.load(write("[UNK]\n\nword\n"));
        assertEquals(2, vocab.id("word"));
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.txt");
        InputFormatException e = assertThrows(InputFormatException.class, () -> Vocab.load(missing));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().contains("vocab file not found"), e.getMessage());
        assertTrue(e.getMessage().contains("nope.txt"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = write("");
        InputFormatException e = assertThrows(InputFormatException.class, () -> Vocab.load(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void duplicateTokenNamesBothLines() throws IOException {
        Path file = write("[UNK]\nfoo\nbar\nfoo\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> Vocab.load(file));
        assertEquals("line 4", e.location());
        assertTrue(e.getMessage().contains("duplicate token 'foo'"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void missingUnk() throws IOException {
        Path file = write("[PAD]\nfoo\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> Vocab.load(file));
        assertTrue(e.getMessage().contains("[UNK]"), e.getMessage());
        assertTrue(e.getMessage().contains("vocab.txt"), e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.write(file, new byte[] {'[', 'U', 'N', 'K', ']', '\n', 'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        InputFormatException e = assertThrows(InputFormatException.class, () -> Vocab.load(file));
        assertEquals("line 3, byte 8", e.location());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }
}
