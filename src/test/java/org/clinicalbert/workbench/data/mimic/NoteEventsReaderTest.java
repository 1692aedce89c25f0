package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoteEventsReaderTest {

    private static final String HEADER = String.join(",", NoteEvent.COLUMNS) + "\n";

    @TempDir
    Path dir;

    static Path sample() {
        return Path.of("src/test/resources/mimic/noteevents-sample.csv");
    }

    private static List<NoteEvent> readAll(Path p) throws IOException {
        List<NoteEvent> all = new ArrayList<>();
        try (NoteEventsReader r = new NoteEventsReader(p)) {
            r.forEachRemaining(all::add);
        }
        return all;
    }

    /** The sample is hand-written with CRLF line ends, multi-line TEXT, doubled quotes and empty columns. */
    @Test
    void readsHandMadeCrlfSampleExactly() throws IOException {
        List<NoteEvent> notes = readAll(sample());
        assertEquals(4, notes.size());
        NoteEvent first = notes.get(0);
        assertEquals("174", first.rowId());
        assertEquals("Discharge summary", first.category());
        assertEquals("", first.chartTime());
        assertEquals("", first.isError());
        assertEquals("Admission Date:  [**2151-7-16**]\r\n\r\nHISTORY OF PRESENT ILLNESS:  He said \"no pain\", then"
                + "\r\nleft, AMA.", first.text());
        assertEquals(1, first.recordNumber());
        assertEquals(2, first.line());
        NoteEvent second = notes.get(1);
        assertEquals("Nursing ", second.category());
        assertEquals("1", second.isError());
        assertEquals(6, second.line());
        assertEquals("", notes.get(2).hadmId());
        assertEquals("Sinus rhythm, rate 72. Comma, \"quoted\", fine.", notes.get(2).text());
        assertEquals(4, notes.get(3).recordNumber());
        assertEquals(8, notes.get(3).line());
        assertEquals("CHEST (PA & LAT)\r\n\r\n IMPRESSION:  No acute process.", notes.get(3).text());
    }

    @Test
    void readsGzipAndCountsCompressedBytes() throws IOException {
        Path gz = dir.resolve("NOTEEVENTS.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(sample()));
        }
        try (NoteEventsReader r = new NoteEventsReader(gz)) {
            List<NoteEvent> all = new ArrayList<>();
            r.forEachRemaining(all::add);
            assertEquals(readAll(sample()), all);
            assertEquals(Files.size(gz), r.bytesRead());
        }
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void wrongHeaderNamesFileAndLine() throws IOException {
        Path p = write("bad-header.csv", "ROW_ID,SUBJECT_ID,TEXT\n1,2,\"x\"\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> readAll(p));
        assertEquals(p, e.file());
        assertEquals("line 1", e.location());
        assertTrue(e.getMessage().contains("not a NOTEEVENTS header"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path p = write("empty.csv", "");
        InputFormatException e = assertThrows(InputFormatException.class, () -> readAll(p));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
    }

    @Test
    void unterminatedQuoteAtEofNamesRecordAndLine() throws IOException {
        Path p = write("truncated.csv", HEADER
                + "1,2,3,2100-01-01,,,\"Nursing\",\"d\",,,\"complete\"\n"
                + "2,2,3,2100-01-01,,,\"Nursing\",\"d\",,,\"cut off in the\nmiddle of a note");
        InputFormatException e = assertThrows(InputFormatException.class, () -> readAll(p));
        assertEquals(p, e.file());
        assertTrue(e.location().startsWith("record 2, line "), e.location());
        assertTrue(e.getMessage().contains("malformed CSV"), e.getMessage());
    }

    @Test
    void wrongColumnCountNamesRecordAndLine() throws IOException {
        Path p = write("columns.csv", HEADER
                + "1,2,3,2100-01-01,,,\"Nursing\",\"d\",,,\"ok\"\n"
                + "2,2,3,\"Nursing\",\"two\nlines\"\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> readAll(p));
        assertEquals("record 2, line 3", e.location());
        assertTrue(e.getMessage().contains("expected 11 columns but found 5"), e.getMessage());
    }

    @Test
    void junkAfterClosingQuoteIsRejected() throws IOException {
        Path p = write("junk.csv", HEADER + "1,2,3,2100-01-01,,,\"Nursing\"x,\"d\",,,\"ok\"\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> readAll(p));
        assertTrue(e.location().startsWith("record 1"), e.location());
    }

    @Test
    void synthRoundTripGivesTheGeneratedNotesBack() throws IOException {
        Path csv = dir.resolve("synth.csv");
        MimicSynth.write(csv, 300, 42);
        List<NoteEvent> expected = MimicSynth.notes(300, 42);
        List<NoteEvent> got = readAll(csv);
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).values(), got.get(i).values(), "note " + i);
            assertEquals(i + 1, got.get(i).recordNumber());
        }
        assertTrue(got.stream().anyMatch(n -> n.text().contains("\"")), "synth has quotes to double");
        assertTrue(got.stream().anyMatch(n -> n.isError().equals("1")), "synth has ISERROR=1 rows");
        assertTrue(got.stream().anyMatch(n -> n.hadmId().isEmpty()), "synth has empty HADM_ID");
        // the same seed gives the same bytes
        Path again = dir.resolve("again.csv.gz");
        MimicSynth.write(again, 300, 42);
        assertEquals(expected.size(), readAll(again).size());
        assertEquals(readAll(csv), readAll(again).stream().toList());
    }
}
