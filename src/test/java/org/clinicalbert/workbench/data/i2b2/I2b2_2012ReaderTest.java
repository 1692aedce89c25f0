package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.NerDocument;
import org.clinicalbert.workbench.data.ner.SpanIssue;
import org.clinicalbert.workbench.data.ner.TaggedSentence;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offset convention, checked against the original study's converter
 * (EmilyAlsentzer/clinicalBERT, downstream_tasks/i2b2_preprocessing/i2b2_2012/Reformat.ipynb): it numbers the
 * characters after {@code <TEXT><![CDATA[} from 1 ({@code linear_pos = 1}), looks up {@code start + 1} and
 * {@code end} in that table and takes both looked-up characters inclusive. So character {@code start} (0-based) is
 * the first and {@code end - 1} the last: 0-based, end exclusive. That notebook ran with {@code match_text=True}
 * on the whole 2012 training release, asserting the covered text equals the {@code text} attribute, so the
 * convention held on the real data. The 2014 notebook does the same. The fixture below is written with that
 * convention; the last test shows that the reader's text check catches the other readings (1-based / inclusive end).
 */
class I2b2_2012ReaderTest {

    static final String RECORD = """
            <?xml version="1.0" encoding="UTF-8" ?>
            <ClinicalNarrativeTemporalAnnotation>
            <TEXT><![CDATA[Admission Date :
            2012-01-05
            He reported chest pain for 3 days .
            CT scan was negative .
            ]]></TEXT>
            <TAGS>
            <EVENT id="E0" start="0" end="9" text="Admission" modality="FACTUAL" polarity="POS" type="OCCURRENCE" />
            <EVENT id="E1" start="31" end="39" text="reported" modality="FACTUAL" polarity="POS" type="EVIDENTIAL" />
            <EVENT id="E2" start="40" end="50" text="chest pain" modality="FACTUAL" polarity="POS" type="PROBLEM" />
            <EVENT id="E3" start="64" end="71" text="CT scan" modality="FACTUAL" polarity="POS" type="TEST" />
            <EVENT id="E4" start="76" end="84" text="negative" modality="FACTUAL" polarity="NEG" type="" />
            <TIMEX3 id="T0" start="17" end="27" text="2012-01-05" type="DATE" val="2012-01-05" mod="NA" />
            <TIMEX3 id="T1" start="55" end="61" text="3 days" type="DURATION" val="P3D" mod="NA" />
            <SECTIME id="S0" start="17" end="27" text="2012-01-05" type="ADMISSION" dvalue="2012-01-05" />
            <TLINK id="TL0" fromID="E0" fromText="Admission" toID="T0" toText="2012-01-05" type="OVERLAP" />
            </TAGS>
            </ClinicalNarrativeTemporalAnnotation>
            """;

    @Test
    void eventTypesOnlyByDefault(@TempDir Path dir) throws IOException {
        I2b2_2014ReaderTest.write(dir, "1.xml", RECORD);
        I2b2_2012Reader reader = new I2b2_2012Reader(dir);
        List<TaggedSentence> s;
        try (var docs = reader.documents()) {
            s = docs.flatMap(d -> d.sentences().stream()).toList();
        }
        assertEquals(4, s.size());
        assertEquals(List.of("B-OCCURRENCE", "O", "O"), s.get(0).tags());
        assertEquals(List.of("O"), s.get(1).tags());
        assertEquals(List.of("He", "reported", "chest", "pain", "for", "3", "days", "."), s.get(2).words());
        assertEquals(List.of("O", "B-EVIDENTIAL", "B-PROBLEM", "I-PROBLEM", "O", "O", "O", "O"), s.get(2).tags());
        assertEquals(List.of("B-TEST", "I-TEST", "O", "O", "O"), s.get(3).tags());
        // The EVENT with an empty type is reported (the original skips it); SECTIME and TLINK are ignored.
        assertEquals(1, reader.issues().total());
        assertEquals(1, reader.issues().count(SpanIssue.Kind.MISSING_TYPE));
    }

    @Test
    void timexTypesAsAnOption(@TempDir Path dir) throws IOException {
        I2b2_2014ReaderTest.write(dir, "1.xml", RECORD);
        I2b2_2012Reader reader = new I2b2_2012Reader(dir, true);
        assertTrue(reader.labels().contains("DURATION"));
        NerDocument d;
        try (var docs = reader.documents()) {
            d = docs.toList().get(0);
        }
        assertEquals(List.of("B-DATE"), d.sentences().get(1).tags());
        assertEquals(List.of("O", "B-EVIDENTIAL", "B-PROBLEM", "I-PROBLEM", "O", "B-DURATION", "I-DURATION", "O"),
                d.sentences().get(2).tags());
        // SECTIME repeats the DATE span; it must not show up as a duplicate.
        assertEquals(0, reader.issues().count(SpanIssue.Kind.DUPLICATE));
    }

    @Test
    void otherOffsetReadingsWouldFailTheTextCheck(@TempDir Path dir) throws IOException {
        // 1-based start with inclusive end: every span shifted right by one.
        String shifted = RECORD.replace("start=\"31\" end=\"39\"", "start=\"32\" end=\"40\"")
                .replace("start=\"40\" end=\"50\"", "start=\"41\" end=\"51\"");
        I2b2_2014ReaderTest.write(dir, "2.xml", shifted);
        I2b2_2012Reader reader = new I2b2_2012Reader(dir);
        try (var docs = reader.documents()) {
            docs.forEach(d -> { });
        }
        assertEquals(2, reader.issues().count(SpanIssue.Kind.TEXT_MISMATCH));
    }

    @Test
    void badInputNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = I2b2_2014ReaderTest.write(dir, "3.xml", RECORD.replace("type=\"TEST\"", "type=\"LAB\""));
        InputFormatException e = assertThrows(InputFormatException.class, () -> new I2b2_2012Reader(dir).documents().toList());
        assertEquals(f, e.file());
        assertTrue(e.location().startsWith("line 12"), e.getMessage());

        Path g = I2b2_2014ReaderTest.write(dir, "3.xml", RECORD.replace("<TEXT><![CDATA[", "<TEXT><![CDATA[x & y").replace("]]></TEXT>", "</TEXT>"));
        InputFormatException e2 = assertThrows(InputFormatException.class, () -> new I2b2_2012Reader(dir).documents().toList());
        assertEquals(g, e2.file());
        assertTrue(e2.getMessage().contains("malformed XML"), e2.getMessage());

        I2b2_2014ReaderTest.write(dir, "3.xml", RECORD.replace("ClinicalNarrativeTemporalAnnotation", "deIdi2b2"));
        assertThrows(InputFormatException.class, () -> new I2b2_2012Reader(dir).documents().toList());
    }

    /** A misspelled element is an error as a misspelled type is (and as in 2006), not an entity silently dropped. */
    @Test
    void misspelledElementIsAnError(@TempDir Path dir) throws IOException {
        Path f = I2b2_2014ReaderTest.write(dir, "1.xml", RECORD.replace("<EVENT id=\"E3\"", "<EVNT id=\"E3\""));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> new I2b2_2012Reader(dir).documents().toList());
        assertEquals(f + " (line 12, column 98): unknown element <EVNT> in <TAGS>; expected one of "
                + "[EVENT, SECTIME, TIMEX3, TLINK]", e.getMessage());
    }

    @Test
    void aFolderWithoutDocumentsIsAnError(@TempDir Path dir) throws IOException {
        java.nio.file.Files.writeString(dir.resolve("mli_train_v1.jsonl"), "{}\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> new I2b2_2012Reader(dir));
        assertEquals(dir + ": no .xml files in this folder or below (is it the folder of this corpus?)", e.getMessage());
        e = assertThrows(InputFormatException.class, () -> new I2b2_2010Reader(dir));
        assertEquals(dir + ": no .txt files in this folder or below (is it the folder of this corpus?)", e.getMessage());
    }
}
