package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, principle 7: an empty input (a corpus with no text, an empty MedNLI or i2b2 file, an empty embed input,
 * a NOTEEVENTS file with only its header) is refused with one line naming the file, exit 2, nothing left behind.
 * (A vocabulary from nothing: SecondRoundMistakesTest.aVocabularyFromNothingIsRefused.)
 */
class EmptyInputRefusalTest {

    @TempDir
    Path dir;

    private static void assertOneLine(CliRun r, String line) {
        assertEquals(line + "\n", r.err(), r.err());
        assertEquals(2, r.code());
    }

    @Test
    void anEmptyMedNliFileIsRefusedByDataStatsAndByARun() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("mednli"));
        Path train = Files.writeString(corpus.resolve("mli_train_v1.jsonl"), "\n  \n");
        assertOneLine(CliRun.of("data", "stats", "mednli", train.toString()),
                "error: " + train + ": no MedNLI records: the file is empty or blank");
        for (String split : new String[] {"dev", "test"}) {
            Files.copy(Path.of("experiments/demo-data/mednli/mli_" + split + "_v1.jsonl"),
                    corpus.resolve("mli_" + split + "_v1.jsonl"));
        }
        Path yaml = Files.writeString(dir.resolve("empty.yaml"), """
                name: empty-train
                task: mednli
                data:
                  corpus_dir: %s
                model:
                  path: config/models/tiny-demo
                  max_seq_length: 32
                output:
                  dir: %s
                """.formatted(corpus, dir.resolve("results")));
        assertOneLine(CliRun.of("run", yaml.toString()), "error: " + train + ": no MedNLI records: the file is "
                + "empty or blank");
        assertFalse(Files.exists(dir.resolve("results/empty-train")), "no run folder");
    }

    @Test
    void anEmptyPretrainingInputIsRefusedAndLeavesNoOutput() throws IOException {
        Path empty = Files.writeString(dir.resolve("notes.txt"), "\n\n   \n");
        Path out = dir.resolve("shards");
        assertOneLine(CliRun.of("pretrain-data", "--input", empty.toString(), "--vocab",
                "config/models/tiny-demo/vocab.txt", "--out", out.toString()), "error: " + empty + ": no text to make "
                + "pretraining instances from (the file is empty or blank)");
        assertFalse(Files.exists(out), "no output folder");
    }

    @Test
    void aNoteEventsFileWithOnlyItsHeaderIsRefused() throws IOException {
        Path csv = Files.writeString(dir.resolve("NOTEEVENTS.csv"), "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,"
                + "STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n");
        Path out = dir.resolve("formatted");
        CliRun r = CliRun.of("mimic", "format", "--input", csv.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("error: " + csv + " (line 2): no notes: the file holds only the NOTEEVENTS header", last);
        assertFalse(Files.exists(out), "no output folder");
    }

    @Test
    void aNoteEventsFileWithOnlyItsHeaderIsRefusedOnSparkToo() throws IOException {
        Path csv = Files.writeString(dir.resolve("NOTEEVENTS.csv"), "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,"
                + "STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n");
        Path out = dir.resolve("formatted");
        CliRun r = CliRun.of("mimic", "format", "--spark", "local[1]", "--input", csv.toString(), "--out",
                out.toString());
        assertEquals(2, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("error: " + csv + " (line 2): no notes: the file holds only the NOTEEVENTS header", last);
        assertFalse(Files.exists(out.resolve("summary.json")), "no summary of an empty corpus");
    }

    @Test
    void anEmptyEmbedInputIsRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("texts.txt"), "\n");
        Path out = dir.resolve("embedded");
        CliRun r = CliRun.of("embed", "--model", "config/models/tiny-demo", "--input", empty.toString(), "--out",
                out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().endsWith("error: " + empty + ": no texts to embed (the input is empty or blank)"),
                r.err());
    }

    @Test
    void aBlankI2b2_2012Or2014TextIsRefusedNamingTheFile() throws IOException {
        // as the 2010 note above: a TEXT element of blanks only is one line naming the .xml
        Path corpus2012 = Files.createDirectories(dir.resolve("i2b2-2012/train"));
        Path xml2012 = Files.writeString(corpus2012.resolve("1.xml"), """
                <?xml version="1.0" encoding="UTF-8" ?>
                <ClinicalNarrativeTemporalAnnotation>
                <TEXT><![CDATA[ \n  ]]></TEXT>
                <TAGS>
                </TAGS>
                </ClinicalNarrativeTemporalAnnotation>
                """);
        assertOneLine(CliRun.of("data", "stats", "i2b2-2012", corpus2012.toString()),
                "error: " + xml2012 + ": no text: the note is empty or blank");
        Path corpus2014 = Files.createDirectories(dir.resolve("i2b2-2014/train"));
        Path xml2014 = Files.writeString(corpus2014.resolve("100-01.xml"), """
                <?xml version="1.0" encoding="UTF-8" ?>
                <deIdi2b2>
                <TEXT></TEXT>
                <TAGS>
                </TAGS>
                </deIdi2b2>
                """);
        assertOneLine(CliRun.of("data", "stats", "i2b2-2014", corpus2014.toString()),
                "error: " + xml2014 + ": no text: the note is empty or blank");
    }

    @Test
    void anEmptyI2b2_2010NoteIsRefusedNamingIt() throws IOException {
        Path corpus = dir.resolve("i2b2-2010/train");
        Path txt = Files.writeString(Files.createDirectories(corpus.resolve("txt")).resolve("record-1.txt"), " \n");
        Files.writeString(Files.createDirectories(corpus.resolve("concept")).resolve("record-1.con"), "");
        assertOneLine(CliRun.of("data", "stats", "i2b2-2010", corpus.toString()),
                "error: " + txt + ": no text: the note is empty or blank");
    }

    @Test
    void anEmptyI2b2FileIsRefusedNamingIt() throws IOException {
        Path xml = Files.writeString(dir.resolve("deid_surrogate_train_all_version2.xml"), "");
        CliRun r = CliRun.of("data", "stats", "i2b2-2006", xml.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + xml + " (line 1"), r.err());
    }
}
