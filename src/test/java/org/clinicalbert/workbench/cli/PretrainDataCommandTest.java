package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.data.pretrain.GoldenPretrainingData;
import org.clinicalbert.workbench.data.pretrain.PretrainingShardReader;
import org.clinicalbert.workbench.data.pretrain.TestWordPieceTokenizer;
import org.clinicalbert.workbench.data.pretrain.TrainingInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole command path on the golden input: google's instances, TFRecord bytes, skip on re-run. */
class PretrainDataCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ErrorReporter.install(new CommandLine(new PretrainDataCommand((vocab, lower) -> {
            try {
                List<String> words = Files.readAllLines(vocab);
                return new PretrainDataCommand.TokenizerBinding(new TestWordPieceTokenizer(words), words);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private void copy(String resource, Path to) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/pretrain/" + resource)) {
            Files.createDirectories(to.getParent());
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void writesGooglesInstancesAndSkipsFinishedShards() throws Exception {
        GoldenPretrainingData golden = GoldenPretrainingData.load("default");
        copy("input.txt", dir.resolve("in/notes.txt"));
        copy("vocab.txt", dir.resolve("vocab.txt"));
        Path outDir = dir.resolve("out");
        String[] args = {"--input", dir.resolve("in").toString(), "--vocab", dir.resolve("vocab.txt").toString(),
                "--out", outDir.toString(), "--tfrecord", "--max-seq-length", "32", "--max-predictions-per-seq", "6",
                "--dupe-factor", "3", "--masked-lm-prob", "0.15", "--short-seq-prob", "0.1", "--seed", "12345"};
        assertEquals(0, run(args), err.toString());

        List<TrainingInstance> read = new ArrayList<>();
        Path shard = outDir.resolve("notes.txt.cbpt");
        try (PretrainingShardReader r = new PretrainingShardReader(shard)) {
            r.forEachRemaining(read::add);
        }
        assertEquals(golden.instances(Integer.MAX_VALUE), read);

        byte[] expectedHead;
        try (InputStream in = getClass().getResourceAsStream("/pretrain/instances-default.tfrecord")) {
            expectedHead = in.readAllBytes();
        }
        byte[] tfrecord = Files.readAllBytes(outDir.resolve("notes.txt.tfrecord"));
        assertArrayEquals(expectedHead, Arrays.copyOf(tfrecord, expectedHead.length));
        assertTrue(Files.exists(outDir.resolve("notes.txt.cbpt.json")));

        // re-run: nothing rewritten
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(shard, old);
        assertEquals(0, run(args), err.toString());
        assertEquals(old, Files.getLastModifiedTime(shard));
        assertTrue(out.toString().contains("0 shard(s) written, 1 skipped"), out.toString());

        // other settings into the same directory: refused as bad input (exit 2), shard untouched
        String[] otherSeed = args.clone();
        otherSeed[otherSeed.length - 1] = "1";
        assertEquals(2, run(otherSeed));
        assertTrue(err.toString().contains("other settings"), err.toString());
        assertEquals(old, Files.getLastModifiedTime(shard));
    }

    @Test
    void badInputNamesFileAndLine() throws Exception {
        copy("vocab.txt", dir.resolve("vocab.txt"));
        Path input = dir.resolve("bad.txt");
        Files.write(input, new byte[]{'O', 'K', '\n', 'x', (byte) 0xC3, '\n'});
        int rc = run("--input", input.toString(), "--vocab", dir.resolve("vocab.txt").toString(),
                "--out", dir.resolve("out").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("bad.txt (line 2, byte ") && err.toString().contains("UTF-8 "), err.toString());
        assertFalse(Files.exists(dir.resolve("out/bad.txt.cbpt")));
    }
}
