package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A results folder given as a Hadoop file system URI where only a path works is one line and exit 2, and nothing is
 * written: without the check, {@code hdfs://nn/x} silently became a local folder named {@code hdfs:}.
 */
class HadoopUriWithoutSparkTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cl = ErrorReporter.install(new CommandLine(command));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void runWithoutSparkRefusesAUriOutputDir(@TempDir Path dir) {
        String uri = "hdfs://namenode:8020/results/demo";
        assertEquals(2, run(new RunCommand(), "experiments/demo.yaml", "--no-progress", "--set", "output.dir=" + uri,
                "--set", "train.epochs=1"));
        assertTrue(err.toString().startsWith("error: output.dir hdfs:/namenode:8020/results/demo is a Hadoop file "
                + "system URI: only run --spark"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertFalse(Files.exists(Path.of("hdfs:")), "a local folder named hdfs: was made");
    }

    @Test
    void sweepFileOutputDirUriIsAnErrorAtItsKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "experiment: experiments/demo.yaml\nparameters:\n  train.lr: [1.0e-3]\n"
                + "score: dev.accuracy\noutput_dir: hdfs://nn:8020/sweeps/s\n");
        assertEquals(2, run(new SweepCommand(), f.toString(), "--dry-run"));
        assertTrue(err.toString().startsWith("error: " + f + " (line 5, key output_dir): a Hadoop file system URI is "
                + "given on the command line, as sweep --out URI --spark MASTER"), err.toString());
    }

    @Test
    void studyRefusesAUriFolder(@TempDir Path dir) throws Exception {
        assertEquals(2, run(new StudyCommand(), "experiments/study/demo.yaml", "--dry-run", "--out",
                "s3a://bucket/studies/demo"));
        assertTrue(err.toString().contains("--out s3a:/bucket/studies/demo: a study writes to a local or mounted path"),
                err.toString());
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, Files.readString(Path.of("experiments/study/demo.yaml"))
                + "output_dir: hdfs://nn:8020/studies/demo\n");
        err.getBuffer().setLength(0);
        assertEquals(2, run(new StudyCommand(), f.toString(), "--dry-run"));
        assertTrue(err.toString().contains("key output_dir): a study writes to a local or mounted path"),
                err.toString());
    }

    @Test
    void dataCommandsRefuseAUriOutputFolder(@TempDir Path dir) throws Exception {
        Path notes = Files.writeString(dir.resolve("NOTEEVENTS.csv"), "ROW_ID\n");
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("a.txt"), "The patient was seen.\nHe went home.\n\n");
        for (String[] args : java.util.List.of(
                new String[] {"mimic", "format", "--input", notes.toString(), "--out", "hdfs://nn:8020/notes"},
                new String[] {"pretrain-data", "--input", corpus.toString(), "--vocab",
                        "config/models/tiny-demo/vocab.txt", "--out", "hdfs://nn:8020/instances"})) {
            CommandLine cl = Workbench.commandLine();
            StringWriter e = new StringWriter();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(e));
            assertEquals(2, cl.execute(args), args[0]);
            assertTrue(e.toString().matches("error: hdfs:/nn:8020/\\w+ is a Hadoop file system URI: this command "
                    + "writes to a local or mounted path\n"), e.toString());
        }
        assertFalse(Files.exists(Path.of("hdfs:")), "a local folder named hdfs: was made");
    }
}
