package org.clinicalbert.workbench.data;

import org.clinicalbert.workbench.data.i2b2.I2b2Corpus;
import org.clinicalbert.workbench.data.ner.NerCorpusReader;
import org.clinicalbert.workbench.data.ner.SpanIssue;
import org.clinicalbert.workbench.experiment.TaskData;
import org.clinicalbert.workbench.experiment.config.DataConfig;
import org.clinicalbert.workbench.experiment.config.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, principle 4: every record (annotation) a reader drops is located by file and line and counted, in the
 * reader's issues and in the run's data notes, for the i2b2 readers as for MedNLI (TaskDataNotesTest).
 */
class SkippedRecordsLocatedTest {

    @TempDir
    Path dir;

    /** An i2b2 2010 note with a duplicate and a nested concept added at the end of its .con file. */
    private Path corpus2010WithDroppedConcepts() throws IOException {
        Path corpus = dir.resolve("i2b2-2010");
        copyTree(Path.of("experiments/demo-data/i2b2-2010"), corpus);
        Path con = corpus.resolve("train/concept/record-20.con");
        List<String> lines = new ArrayList<>(Files.readAllLines(con));
        String first = lines.get(0);
        lines.add(first); // the same concept again: a duplicate, dropped
        Files.write(con, lines);
        return con;
    }

    @Test
    void i2b2_2010DroppedConceptsNameTheirConLine() throws IOException {
        Path con = corpus2010WithDroppedConcepts();
        int line = Files.readAllLines(con).size();
        NerCorpusReader reader = I2b2Corpus.I2B2_2010.open(con.getParent().getParent(), false);
        try (Stream<?> s = reader.sentences()) {
            s.forEach(x -> { });
        }
        List<SpanIssue> dropped = reader.issues().issues().stream().filter(i -> !i.kept()).toList();
        assertEquals(1, dropped.size(), dropped.toString());
        assertEquals(con, dropped.get(0).file());
        assertEquals(SpanIssue.Kind.DUPLICATE, dropped.get(0).kind());
        assertTrue(dropped.get(0).detail().startsWith("line " + line + ": same as "), dropped.get(0).detail());
    }

    @Test
    void i2b2_2014NestedSpanNamesItsTagLine() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("i2b2-2014/train"));
        Path xml = corpus.resolve("100-01.xml");
        // line 6: a DOCTOR span inside the NAME span of line 5 (BIO cannot tag both)
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8" ?>
                <deIdi2b2>
                <TEXT><![CDATA[Seen by Dr. Jennifer Thompson today .]]></TEXT>
                <TAGS>
                <NAME id="P0" start="12" end="29" text="Jennifer Thompson" TYPE="DOCTOR" comment="" />
                <NAME id="P1" start="21" end="29" text="Thompson" TYPE="DOCTOR" comment="" />
                </TAGS>
                </deIdi2b2>
                """);
        NerCorpusReader reader = I2b2Corpus.I2B2_2014.open(corpus, false);
        try (Stream<?> s = reader.sentences()) {
            s.forEach(x -> { });
        }
        List<SpanIssue> dropped = reader.issues().issues().stream().filter(i -> !i.kept()).toList();
        assertEquals(1, dropped.size(), dropped.toString());
        assertEquals(SpanIssue.Kind.NESTED, dropped.get(0).kind());
        assertEquals(xml, dropped.get(0).file());
        assertTrue(dropped.get(0).detail().startsWith("line 6"), dropped.get(0).detail());
    }

    @Test
    void droppedConceptsAreCountedAndLocatedInTheRunsDataNotes() throws IOException {
        Path con = corpus2010WithDroppedConcepts();
        int line = Files.readAllLines(con).size();
        Path corpus = con.getParent().getParent().getParent();
        TaskData<?> d = TaskData.ner(Task.I2B2_2010, new DataConfig("original", null, null, null, corpus, 42), false);
        List<String> notes = d.notes().stream().filter(n -> n.contains("span issue")).toList();
        assertEquals(1, notes.size(), d.notes().toString());
        String note = notes.get(0);
        assertTrue(note.contains("1 annotation(s) dropped: " + con + " [record-20] DUPLICATE line " + line
                + ": same as "), note);
    }

    @Test
    void pretrainDataLocatesLinesTheTokenizerMakesNothingOfInTheShardManifest() throws IOException {
        Path input = Files.createDirectories(dir.resolve("sentences"));
        // line 2 and line 5 hold only control characters: no tokens, so google's script leaves them out silently
        Files.writeString(input.resolve("notes.txt"), "the patient was seen today .\n\u0001\u0002\nno fever .\n\n"
                + "\u0003\nshe is well .\n");
        Path out = dir.resolve("shards");
        org.clinicalbert.workbench.cli.CliRun r = org.clinicalbert.workbench.cli.CliRun.of("pretrain-data",
                "--input", input.toString(), "--vocab", "config/models/tiny-demo/vocab.txt", "--out", out.toString(),
                "--max-seq-length", "32", "--dupe-factor", "1");
        assertEquals(0, r.code(), r.err());
        var manifest = org.clinicalbert.workbench.io.Json.MAPPER.readTree(out.resolve("notes.txt.cbpt.json").toFile());
        assertEquals(2, manifest.path("skipped_lines").asLong(), manifest.toString());
        assertEquals("[2,5]", manifest.path("skipped_at_lines").toString());
        // a rerun finds the shard complete: the counts are what the input held, not settings that changed
        org.clinicalbert.workbench.cli.CliRun again = org.clinicalbert.workbench.cli.CliRun.of("pretrain-data",
                "--input", input.toString(), "--vocab", "config/models/tiny-demo/vocab.txt", "--out", out.toString(),
                "--max-seq-length", "32", "--dupe-factor", "1");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("1 skipped (already complete)"), again.out());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
