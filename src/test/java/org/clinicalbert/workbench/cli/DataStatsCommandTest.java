package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.data.synth.SynthDocument;
import org.clinicalbert.workbench.data.synth.SyntheticI2b2_2014;
import org.clinicalbert.workbench.data.synth.SyntheticMedNli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataStatsCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cmd = ErrorReporter.install(new CommandLine(new DataCommand()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void countsMatchTheGeneratedCorpus(@TempDir Path dir) throws IOException {
        SyntheticI2b2_2014.write(dir, 6, 3);
        List<SynthDocument> train = SyntheticI2b2_2014.generate(6, 3).get("train");
        long dates = train.stream().flatMap(d -> d.spans().stream()).filter(s -> s.type().equals("DATE")).count();
        long sentences = train.stream().mapToLong(d -> d.sentences().size()).sum();
        long tokens = train.stream().flatMap(d -> d.sentences().stream()).mapToLong(s -> s.words().size()).sum();
        long entities = train.stream().mapToLong(d -> d.spans().size()).sum();

        Run r = run("stats", "i2b2-2014", dir.resolve("train").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("documents: 6\n"), r.out());
        assertTrue(r.out().contains("sentences: " + sentences + "\n"), r.out());
        assertTrue(r.out().contains("tokens: " + tokens + "\n"), r.out());
        assertTrue(r.out().contains("entities: " + entities + "\n"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  DATE +" + dates + "\\n.*"), r.out());
        assertTrue(r.out().contains("span issues: 0"), r.out());
    }

    @Test
    void reportsSpanIssuesWithFile(@TempDir Path dir) throws IOException {
        SyntheticI2b2_2014.write(dir, 3, 5);
        Path f = dir.resolve("train/100-01.xml");
        // The record's first tag is its "Record date" DATE; give it text that the document does not have.
        Files.writeString(f, Files.readString(f).replaceFirst("text=\"[^\"]*\" TYPE=\"DATE\"", "text=\"1999-99-99\" TYPE=\"DATE\""));
        Run r = run("stats", "i2b2-2014", dir.resolve("train").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("span issues: 1"), r.out());
        assertTrue(r.out().contains("TEXT_MISMATCH"), r.out());
        assertTrue(r.out().contains(f.toString()) && r.out().contains("1999-99-99"), r.out());
    }

    @Test
    void medNliLabelsPerClass(@TempDir Path dir) throws IOException {
        SyntheticMedNli.write(dir, 30, 1);
        Files.writeString(dir.resolve("mli_dev_v1.jsonl"),
                Files.readString(dir.resolve("mli_dev_v1.jsonl")) + "{\"sentence1\":\"a\",\"pairID\":\"x\",\"sentence2\":\"b\",\"gold_label\":\"-\"}\n");
        Run r = run("stats", "mednli", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mli_train_v1.jsonl\n  pairs: 30\n    entailment     10\n"), r.out());
        assertTrue(r.out().contains("    \"-\"            1"), r.out());
    }

    @Test
    void badInputAndUnknownCorpusFailWithMessage(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mli_train_v1.jsonl");
        Files.writeString(f, "{\"sentence1\": \n");
        Run r = run("stats", "mednli", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(f.toString()) && r.err().contains("line 1"), r.err());

        Run u = run("stats", "i2b2-2099", dir.toString());
        assertEquals(2, u.code());
        assertTrue(u.err().contains("unknown corpus"), u.err());
    }
}
