package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.NerDocument;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-made file in the 2006 layout: glued dates on both sides (the two cases to_conll.py handles), XML entities, PHI at text start. */
class I2b2_2006ReaderTest {

    static final String FILE = """
            <ROOT>
            <RECORD ID="101">
            <TEXT>
            <PHI TYPE="PATIENT">Zoë Smith</PHI> admitted <PHI TYPE="DATE">01/01</PHI>/1995 and 1995<PHI TYPE="DATE">0101</PHI> .
            Seen at <PHI TYPE="HOSPITAL">A &amp; B Clinic</PHI> by <PHI TYPE="DOCTOR">Jones</PHI>
            </TEXT>
            </RECORD>
            <RECORD ID="102">
            <TEXT><PHI TYPE="AGE">45</PHI></TEXT>
            </RECORD>
            </ROOT>
            """;

    @Test
    void readsRecordsSplittingGluedPhi(@TempDir Path dir) throws IOException {
        I2b2_2014ReaderTest.write(dir, "train.xml", FILE);
        I2b2_2006Reader reader = new I2b2_2006Reader(dir.resolve("train.xml"));
        assertEquals(List.of("101", "102"), reader.documentIds());
        List<NerDocument> docs;
        try (var s = reader.documents()) {
            docs = s.toList();
        }
        assertEquals(2, docs.size());
        var s0 = docs.get(0).sentences().get(0);
        assertEquals(List.of("Zoë", "Smith", "admitted", "01/01", "/1995", "and", "1995", "0101", "."), s0.words());
        assertEquals(List.of("B-PATIENT", "I-PATIENT", "O", "B-DATE", "O", "O", "O", "B-DATE", "O"), s0.tags());
        var s1 = docs.get(0).sentences().get(1);
        assertEquals(List.of("Seen", "at", "A", "&", "B", "Clinic", "by", "Jones"), s1.words());
        assertEquals(List.of("O", "O", "B-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL", "O", "B-DOCTOR"), s1.tags());
        assertEquals(List.of("B-AGE"), docs.get(1).sentences().get(0).tags());
        assertTrue(reader.issues().isEmpty());
    }

    @Test
    void unknownTypeNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = I2b2_2014ReaderTest.write(dir, "train.xml", FILE.replace("TYPE=\"DOCTOR\"", "TYPE=\"NURSE\""));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new I2b2_2006Reader(f).documents().toList());
        assertEquals(f, e.file());
        assertTrue(e.location().startsWith("line 5"), e.getMessage());
    }

    @Test
    void malformedXmlNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = I2b2_2014ReaderTest.write(dir, "train.xml", FILE.replace("A &amp; B", "A & B"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new I2b2_2006Reader(f).documents().toList());
        assertEquals(f, e.file());
        assertTrue(e.location().startsWith("line 5"), e.getMessage());
    }

    @Test
    void readsLazilyRecordByRecord(@TempDir Path dir) throws IOException {
        // The second record is broken; the first can still be read, so the file is not parsed up front.
        Path f = I2b2_2014ReaderTest.write(dir, "train.xml", FILE.replace("<PHI TYPE=\"AGE\">45</PHI>", "<PHI TYPE=\"AGE\">45</TEXT>"));
        try (var s = new I2b2_2006Reader(f).documents()) {
            var it = s.iterator();
            assertEquals("101", it.next().id());
            assertThrows(InputFormatException.class, it::hasNext);
        }
    }

    @Test
    void nestedPhiIsAnInputError(@TempDir Path dir) throws IOException {
        Path f = I2b2_2014ReaderTest.write(dir, "train.xml",
                FILE.replace("<PHI TYPE=\"AGE\">45</PHI>", "<PHI TYPE=\"AGE\"><PHI TYPE=\"ID\">45</PHI></PHI>"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new I2b2_2006Reader(f).documents().toList());
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }
}
