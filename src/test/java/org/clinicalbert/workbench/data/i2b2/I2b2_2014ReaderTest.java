package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.NerDocument;
import org.clinicalbert.workbench.data.ner.SpanIssue;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-made record in the release layout. The offsets below were worked out as Python code point offsets
 * ({@code text.index(...)}) into the CDATA content, the convention the original Reformat notebook uses
 * (0-based, end exclusive; see I2b2_2012ReaderTest). The raw text holds the nasty cases: a literal "&apos;" entity
 * string (6 characters), an emoji (2 UTF-16 units, 1 code point), an entity at offset 0 and one ending the text,
 * two adjacent DOCTOR spans, STATE glued to ZIP, a HOSPITAL across a line break, a "]]>" inside the text (written
 * as two CDATA sections), and the release's known "Johnson & Johnson" vs "Johnson and Johnson" mismatch.
 */
class I2b2_2014ReaderTest {

    static final String RECORD = """
            <?xml version="1.0" encoding="UTF-8" ?>
            <deIdi2b2>
            <TEXT><![CDATA[Zoë O&apos;Neil seen 😀 by Smith Jones
            at Saint Mary's
            Hospital in Boston,MA02115 ]]]]><![CDATA[> ok.
            Johnson & Johnson pays.
            Record date: 2090-01-02]]></TEXT>
            <TAGS>
            <NAME id="P0" start="0" end="15" text="Zoë O'Neil" TYPE="PATIENT" comment="" />
            <NAME id="P1" start="26" end="31" text="Smith" TYPE="DOCTOR" comment="" />
            <NAME id="P2" start="32" end="37" text="Jones" TYPE="DOCTOR" comment="" />
            <LOCATION id="P3" start="41" end="62" text="Saint Mary's Hospital" TYPE="HOSPITAL" comment="" />
            <LOCATION id="P4" start="66" end="72" text="Boston" TYPE="CITY" comment="" />
            <LOCATION id="P5" start="73" end="75" text="MA" TYPE="STATE" comment="" />
            <LOCATION id="P6" start="75" end="80" text="02115" TYPE="ZIP" comment="" />
            <LOCATION id="P7" start="89" end="106" text="Johnson and Johnson" TYPE="ORGANIZATION" comment="" />
            <DATE id="P8" start="126" end="136" text="2090-01-02" TYPE="DATE" comment="" />
            </TAGS>
            </deIdi2b2>
            """;

    static Path write(Path dir, String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsHandMadeRecordWithNastyCases(@TempDir Path dir) throws IOException {
        write(dir, "110-01.xml", RECORD);
        I2b2_2014Reader reader = new I2b2_2014Reader(dir);
        assertEquals(List.of("110-01"), reader.documentIds());
        List<NerDocument> docs;
        try (var s = reader.documents()) {
            docs = s.toList();
        }
        List<TaggedSentence> sents = docs.get(0).sentences();
        assertEquals(4, sents.size(), sents.toString());
        assertEquals(List.of("Zoë", "O&apos;Neil", "seen", "😀", "by", "Smith", "Jones"), sents.get(0).words());
        assertEquals(List.of("B-PATIENT", "I-PATIENT", "O", "O", "O", "B-DOCTOR", "B-DOCTOR"), sents.get(0).tags());
        assertEquals(List.of("at", "Saint", "Mary's", "Hospital", "in", "Boston", ",", "MA", "02115", "]]>", "ok."),
                sents.get(1).words());
        assertEquals(List.of("O", "B-HOSPITAL", "I-HOSPITAL", "I-HOSPITAL", "O", "B-CITY", "O", "B-STATE", "B-ZIP", "O", "O"),
                sents.get(1).tags());
        assertEquals(List.of("B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "O"), sents.get(2).tags());
        assertEquals(List.of("Record", "date:", "2090-01-02"), sents.get(3).words());
        assertEquals(List.of("O", "O", "B-DATE"), sents.get(3).tags());

        // Only the known release mismatch is reported; the span is still used.
        assertEquals(1, reader.issues().total());
        SpanIssue issue = reader.issues().issues().get(0);
        assertEquals(SpanIssue.Kind.TEXT_MISMATCH, issue.kind());
        assertEquals("ORGANIZATION", issue.span().type());
        assertTrue(issue.file().endsWith("110-01.xml"));
        assertEquals(9, docs.get(0).entities().size());
    }

    @Test
    void offsetPastEndIsReportedNotThrown(@TempDir Path dir) throws IOException {
        write(dir, "111-01.xml", RECORD.replace("start=\"126\" end=\"136\"", "start=\"126\" end=\"137\""));
        I2b2_2014Reader reader = new I2b2_2014Reader(dir);
        try (var s = reader.documents()) {
            NerDocument d = s.toList().get(0);
            assertEquals(8, d.entities().size());
        }
        assertEquals(1, reader.issues().count(SpanIssue.Kind.OUT_OF_RANGE));
    }

    @Test
    void malformedXmlNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = write(dir, "112-01.xml", RECORD.replace("</TAGS>", "</TAG>"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new I2b2_2014Reader(dir).documents().toList());
        assertEquals(f, e.file());
        assertTrue(e.location().startsWith("line 18"), e.getMessage());
    }

    @Test
    void unknownTypeNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = write(dir, "113-01.xml", RECORD.replace("TYPE=\"ZIP\"", "TYPE=\"POSTCODE\""));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new I2b2_2014Reader(dir).documents().toList());
        assertEquals(f, e.file());
        assertTrue(e.location().startsWith("line 15"), e.getMessage());
        assertTrue(e.getMessage().contains("POSTCODE"));
    }

    @Test
    void nonNumericOffsetIsAnInputError(@TempDir Path dir) throws IOException {
        write(dir, "114-01.xml", RECORD.replace("start=\"26\"", "start=\"2x6\""));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new I2b2_2014Reader(dir).documents().toList());
        assertTrue(e.getMessage().contains("2x6"), e.getMessage());
    }
}
