package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.clinicalbert.workbench.data.synth.SyntheticCorpora;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * One Latin-1 byte in any corpus format is reported as the same line: file, line, byte offset; exit 2; no U+FFFD
 * decoding, no XML parser noise.
 */
class StrictDecodingTest {

    @TempDir
    Path dir;

    @BeforeEach
    void corpora() throws IOException {
        SyntheticCorpora.write(dir, 2, 12345);
        MimicSynth.write(dir.resolve("NOTEEVENTS.csv"), 3, 12345);
    }

    /** Puts 0xE9 (Latin-1 'é') two bytes into line 3 of {@code file}; returns the expected "line L, byte N". */
    private static String corrupt(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int pos = 0;
        for (int newlines = 0; newlines < 2; pos++) {
            newlines += b[pos] == '\n' ? 1 : 0;
        }
        pos += 2;
        assertEquals(0, b[pos] & 0x80, "an ASCII character is replaced");
        b[pos] = (byte) 0xE9;
        Files.write(file, b);
        int line = 1;
        for (int i = 0; i < pos; i++) {
            line += b[i] == '\n' ? 1 : 0;
        }
        return "line " + line + ", byte " + pos;
    }

    private static String run(int expectedCode, String... args) {
        CommandLine cl = Workbench.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(expectedCode, cl.execute(args), err.toString());
        return err.toString();
    }

    private static String line(Path file, String where) {
        return "error: " + file + " (" + where + "): invalid UTF-8 byte 0xE9 (the file must be UTF-8; convert it, "
                + "e.g. iconv -f latin1 -t utf-8)\n";
    }

    @Test
    void everyCorpusFormat() throws IOException {
        Path mednli = dir.resolve("mednli/mli_train_v1.jsonl");
        assertEquals(line(mednli, corrupt(mednli)), run(2, "data", "stats", "mednli", dir.resolve("mednli").toString()));

        Path txt = dir.resolve("i2b2-2010/train/txt/record-1.txt");
        assertEquals(line(txt, corrupt(txt)), run(2, "data", "stats", "i2b2-2010", dir.resolve("i2b2-2010/train").toString()));

        Path x2012 = dir.resolve("i2b2-2012/train/1.xml");
        assertEquals(line(x2012, corrupt(x2012)), run(2, "data", "stats", "i2b2-2012", x2012.getParent().toString()));

        Path x2014 = dir.resolve("i2b2-2014/train/100-01.xml");
        assertEquals(line(x2014, corrupt(x2014)), run(2, "data", "stats", "i2b2-2014", x2014.getParent().toString()));

        Path x2006 = dir.resolve("i2b2-2006/deid_surrogate_train_all_version2.xml");
        assertEquals(line(x2006, corrupt(x2006)), run(2, "data", "stats", "i2b2-2006", x2006.toString()));

        Path notes = dir.resolve("NOTEEVENTS.csv");
        Path out = dir.resolve("notes");
        assertEquals(line(notes, corrupt(notes)), run(2, "mimic", "format", "--input", notes.toString(),
                "--out", out.toString()).replaceAll("(?s)^.*\n(error: )", "$1"));
        assertFalse(Files.exists(out));
    }

    @Test
    void conllAndPredictionFiles() throws IOException {
        Path conll = Files.writeString(dir.resolve("p.conll"), "Patient O O\nhad O O\nfever B-problem B-problem\n");
        assertEquals(line(conll, corrupt(conll)), run(2, "conlleval", conll.toString()));
    }

    @Test
    void malformedXmlIsOneLine() throws IOException {
        Path x2014 = dir.resolve("i2b2-2014/train/100-01.xml");
        String xml = Files.readString(x2014);
        Files.writeString(x2014, xml.substring(0, xml.indexOf("<TEXT>") + 20));
        String err = run(2, "data", "stats", "i2b2-2014", x2014.getParent().toString());
        assertEquals(1, err.lines().count(), err);
        assertEquals(true, err.startsWith("error: " + x2014 + " (line "), err);
        assertEquals(true, err.contains("): malformed XML: XML document structures must start and end within the same entity."), err);
    }
}
