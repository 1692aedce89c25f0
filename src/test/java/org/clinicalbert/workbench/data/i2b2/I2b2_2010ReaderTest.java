package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.NerDocument;
import org.clinicalbert.workbench.data.ner.SpanIssue;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-made note in the release layout ({@code txt/} + {@code concept/}). Line 3 starts with a space: the original
 * Reformat notebook shifts token indices by one on such lines, so "cbc" is annotated as token 1, not 0.
 */
class I2b2_2010ReaderTest {

    static final String NOTE = """
            Admission Date :
            The patient had Chest Pain and "leaky valve" .
             CBC was normal ; started Lasix .
            """;
    static final String CON = """
            c="chest pain" 2:3 2:4||t="problem"
            c=""leaky valve"" 2:6 2:7||t="problem"
            c="cbc" 3:1 3:1||t="test"
            c="lasix" 3:6 3:6||t="treatment"
            """;

    static void write(Path dir, String note, String con) throws IOException {
        Files.createDirectories(dir.resolve("txt"));
        Files.createDirectories(dir.resolve("concept"));
        Files.writeString(dir.resolve("txt/record-1.txt"), note);
        Files.writeString(dir.resolve("concept/record-1.con"), con);
    }

    static NerDocument readOne(I2b2_2010Reader r) {
        try (var s = r.documents()) {
            return s.toList().get(0);
        }
    }

    @Test
    void readsConceptsWithQuotesCaseAndLeadingSpaceShift(@TempDir Path dir) throws IOException {
        write(dir, NOTE, CON);
        I2b2_2010Reader reader = new I2b2_2010Reader(dir);
        assertEquals(List.of("record-1"), reader.documentIds());
        List<TaggedSentence> s = readOne(reader).sentences();
        assertEquals(3, s.size());
        assertEquals(List.of("O", "O", "O"), s.get(0).tags());
        assertEquals(List.of("The", "patient", "had", "Chest", "Pain", "and", "\"leaky", "valve\"", "."), s.get(1).words());
        assertEquals(List.of("O", "O", "O", "B-problem", "I-problem", "O", "B-problem", "I-problem", "O"), s.get(1).tags());
        assertEquals(List.of("CBC", "was", "normal", ";", "started", "Lasix", "."), s.get(2).words());
        assertEquals(List.of("B-test", "O", "O", "O", "O", "B-treatment", "O"), s.get(2).tags());
        assertTrue(reader.issues().isEmpty(), reader.issues().issues().toString());
    }

    @Test
    void mismatchAndOutOfRangeAreReported(@TempDir Path dir) throws IOException {
        write(dir, NOTE, CON + "c=\"discharge\" 1:0 1:0||t=\"test\"\nc=\"foo\" 9:0 9:0||t=\"problem\"\nc=\"bar\" 2:8 2:9||t=\"problem\"\n");
        I2b2_2010Reader reader = new I2b2_2010Reader(dir);
        NerDocument d = readOne(reader);
        assertEquals(List.of("B-test", "O", "O"), d.sentences().get(0).tags()); // mismatch still tagged
        assertEquals(1, reader.issues().count(SpanIssue.Kind.TEXT_MISMATCH));
        assertEquals(2, reader.issues().count(SpanIssue.Kind.OUT_OF_RANGE));
        assertTrue(reader.issues().issues().stream().allMatch(i -> i.file().endsWith(Path.of("concept/record-1.con"))));
    }

    @Test
    void unparsableLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        write(dir, NOTE, CON + "c=\"cbc\" 3:1||t=\"test\"\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> readOne(new I2b2_2010Reader(dir)));
        assertTrue(e.file().endsWith(Path.of("concept/record-1.con")));
        assertEquals("line 5", e.location());
    }

    @Test
    void unknownTypeNamesFileAndLine(@TempDir Path dir) throws IOException {
        write(dir, NOTE, CON.replace("t=\"test\"", "t=\"lab\""));
        InputFormatException e = assertThrows(InputFormatException.class, () -> readOne(new I2b2_2010Reader(dir)));
        assertEquals("line 3", e.location());
        assertTrue(e.getMessage().contains("lab"));
    }

    @Test
    void noteWithoutConceptFileIsAnError(@TempDir Path dir) throws IOException {
        write(dir, NOTE, CON);
        Files.writeString(dir.resolve("txt/record-2.txt"), "x\n");
        assertThrows(InputFormatException.class, () -> new I2b2_2010Reader(dir));
    }
}
