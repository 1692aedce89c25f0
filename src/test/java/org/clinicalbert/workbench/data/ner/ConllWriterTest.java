package org.clinicalbert.workbench.data.ner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConllWriterTest {

    @Test
    void wordTagLinesWithBlankLineBetweenSentences(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("train.tsv");
        long n = ConllWriter.write(f, Stream.of(
                new TaggedSentence("d", List.of("Seen", "Zoë"), List.of("O", "B-PATIENT")),
                new TaggedSentence("d", List.of("ok"), List.of("O"))));
        assertEquals(2, n);
        assertEquals("Seen O\nZoë B-PATIENT\n\nok O\n", Files.readString(f));
    }
}
