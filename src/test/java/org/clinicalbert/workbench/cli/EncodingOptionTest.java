package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.data.synth.SyntheticCorpora;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --encoding: a Latin-1 corpus read as Latin-1, strictly; a byte the named charset lacks is still an error. */
class EncodingOptionTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void noteEventsInLatin1() throws IOException {
        Path notes = dir.resolve("NOTEEVENTS.csv");
        String csv = Files.readString(Path.of("src/test/resources/mimic/noteevents-sample.csv"))
                .replace("no pain", "no pain in the café");
        Files.write(notes, csv.getBytes(StandardCharsets.ISO_8859_1)); // 'é' is the single byte 0xE9
        Path asUtf8 = dir.resolve("utf8");
        assertEquals(2, run("mimic", "format", "--input", notes.toString(), "--out", asUtf8.toString()).code(),
                "read as UTF-8 the byte is invalid");
        assertFalse(Files.exists(asUtf8));

        Path out = dir.resolve("notes");
        CliRun r = run("mimic", "format", "--input", notes.toString(), "--out", out.toString(), "--encoding", "latin-1");
        assertEquals(0, r.code(), r.err());
        String shard = Files.readString(out.resolve("discharge_summary/shard-00000.txt"), StandardCharsets.UTF_8);
        assertTrue(shard.contains("café"), shard);
    }

    @Test
    void i2b2TextInTheNamedCharsetOnly() throws IOException {
        SyntheticCorpora.write(dir, 2, 12345);
        Path train = dir.resolve("i2b2-2010/train");
        Path txt = train.resolve("txt/record-1.txt");
        byte[] b = Files.readAllBytes(txt);
        int pos = 0;
        while (b[pos] != ' ') {
            pos++;
        }
        b[pos] = (byte) 0xA0; // a Latin-1 no-break space: one character, so the concept offsets still hold
        Files.write(txt, b);
        CliRun latin1 = run("data", "stats", "i2b2-2010", train.toString(), "--encoding", "latin-1");
        assertEquals(0, latin1.code(), latin1.err());

        b[pos] = (byte) 0x81; // not a character of windows-1252
        Files.write(txt, b);
        CliRun cp1252 = run("data", "stats", "i2b2-2010", train.toString(), "--encoding", "windows-1252");
        assertEquals("error: " + txt + " (line 1, byte " + pos + "): byte 0x81 is not valid windows-1252 "
                + "(the --encoding given)\n", cp1252.err());
        assertEquals(2, cp1252.code());

        CliRun unknown = run("data", "stats", "i2b2-2010", train.toString(), "--encoding", "klingon");
        assertEquals("error: --encoding: unknown encoding 'klingon' (e.g. utf-8, latin-1, windows-1252)\n", unknown.err());
        assertEquals(2, unknown.code());
        CliRun xml = run("data", "stats", "i2b2-2014", dir.resolve("i2b2-2014/train").toString(), "--encoding", "latin-1");
        assertEquals(2, xml.code());
        assertTrue(xml.err().endsWith("i2b2-2014 files are XML and declare their own encoding; --encoding applies to "
                + "i2b2-2010 text only\n"), xml.err());
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no lock or temp file left");
        }
    }

    /** An output folder holding other work is the user's mistake: one line, exit 2 (it was exit 1 before). */
    @Test
    void outputFolderOfAnotherRunIsBadInput() throws IOException {
        Path notes = dir.resolve("NOTEEVENTS.csv");
        Files.copy(Path.of("src/test/resources/mimic/noteevents-sample.csv"), notes);
        Path out = dir.resolve("notes");
        assertEquals(0, run("mimic", "format", "--input", notes.toString(), "--out", out.toString()).code());
        CliRun again = run("mimic", "format", "--input", notes.toString(), "--out", out.toString(), "--shard-size", "7");
        assertEquals(2, again.code());
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(again.err().startsWith("error: " + out + ": holds shards of a different run ("), again.err());
        assertTrue(again.err().endsWith(": use another --out or delete it\n"), again.err());
    }
}
