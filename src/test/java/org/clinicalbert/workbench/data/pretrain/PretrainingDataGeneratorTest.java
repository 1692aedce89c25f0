package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.checkpoint.TfRecordReader;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainingDataGeneratorTest {

    @TempDir
    Path dir;

    private final GoldenPretrainingData golden = GoldenPretrainingData.load("default");

    private PretrainingDataGenerator generator(boolean tfrecord) {
        return new PretrainingDataGenerator(golden.config, golden.vocab, new TestWordPieceTokenizer(golden.vocab.words()), tfrecord);
    }

    private Path input() throws Exception {
        Path in = dir.resolve("in/a.txt");
        Files.createDirectories(in.getParent());
        try (InputStream s = getClass().getResourceAsStream("/pretrain/input.txt")) {
            Files.copy(s, in);
        }
        return in;
    }

    @Test
    void listsVisibleFilesSorted() throws Exception {
        Files.createDirectories(dir.resolve("d/sub"));
        Files.writeString(dir.resolve("d/b.txt"), "x");
        Files.writeString(dir.resolve("d/a.txt"), "x");
        Files.writeString(dir.resolve("d/.hidden"), "x");
        assertEquals(List.of(dir.resolve("d/a.txt"), dir.resolve("d/b.txt")), PretrainingDataGenerator.inputFiles(dir.resolve("d")));
        assertEquals(List.of(dir.resolve("d/a.txt")), PretrainingDataGenerator.inputFiles(dir.resolve("d/a.txt")));
        assertThrows(NoSuchFileException.class, () -> PretrainingDataGenerator.inputFiles(dir.resolve("missing")));
    }

    @Test
    void addsTfRecordOnALaterRunAndReportsProgress() throws Exception {
        Path in = input();
        Path out = dir.resolve("out");
        List<Double> fractions = new ArrayList<>();
        var first = generator(false).process(in, out, (f, i) -> fractions.add(f));
        assertFalse(first.skipped());
        assertEquals(golden.expectedInstances().size(), first.instances());
        assertFalse(Files.exists(out.resolve("a.txt.tfrecord")));
        assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-12);
        for (int k = 1; k < fractions.size(); k++) {
            assertTrue(fractions.get(k) >= fractions.get(k - 1));
        }

        assertTrue(generator(false).process(in, out, PretrainingDataGenerator.ShardProgress.NONE).skipped());
        var withTf = generator(true).process(in, out, PretrainingDataGenerator.ShardProgress.NONE);
        assertFalse(withTf.skipped());
        int records = 0;
        try (TfRecordReader r = new TfRecordReader(out.resolve("a.txt.tfrecord"))) {
            while (r.next() != null) {
                records++;
            }
        }
        assertEquals(first.instances(), records);
        assertTrue(generator(true).process(in, out, PretrainingDataGenerator.ShardProgress.NONE).skipped());
    }

    @Test
    void changedInputOrBrokenManifestIsReported() throws Exception {
        Path in = input();
        Path out = dir.resolve("out");
        generator(false).process(in, out, PretrainingDataGenerator.ShardProgress.NONE);

        Files.writeString(in, "\nOne more line.\n", java.nio.file.StandardOpenOption.APPEND);
        InputFormatException changed = assertThrows(InputFormatException.class,
                () -> generator(false).process(in, out, PretrainingDataGenerator.ShardProgress.NONE));
        assertTrue(changed.getMessage().contains("other settings or another input"), changed.getMessage());

        Files.writeString(out.resolve("a.txt.cbpt.json"), "{\"format\": ");
        InputFormatException broken = assertThrows(InputFormatException.class,
                () -> generator(false).process(in, out, PretrainingDataGenerator.ShardProgress.NONE));
        assertTrue(broken.getMessage().contains("a.txt.cbpt.json") && broken.getMessage().contains("manifest"),
                broken.getMessage());
    }
}
