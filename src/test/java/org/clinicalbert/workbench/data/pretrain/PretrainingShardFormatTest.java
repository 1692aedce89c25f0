package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainingShardFormatTest {

    @TempDir
    Path dir;

    private static List<TrainingInstance> readAll(Path file) throws Exception {
        List<TrainingInstance> out = new ArrayList<>();
        try (PretrainingShardReader r = new PretrainingShardReader(file)) {
            while (r.hasNext()) {
                out.add(r.next());
            }
        }
        return out;
    }

    @Test
    void roundTripsGoogleInstances() throws Exception {
        GoldenPretrainingData golden = GoldenPretrainingData.load("wwm");
        List<TrainingInstance> instances = golden.instances(Integer.MAX_VALUE);
        Path file = dir.resolve("a.cbpt");
        PretrainingShardWriter.write(file, 40, 7, golden.vocab.size(), instances);
        try (PretrainingShardReader r = new PretrainingShardReader(file)) {
            assertEquals(40, r.maxSeqLength());
            assertEquals(7, r.maxPredictionsPerSeq());
            assertEquals(instances.size(), r.count());
            assertEquals(golden.vocab.size(), r.vocabSize());
        }
        assertEquals(instances, readAll(file));
        // 2-byte ids: header + per record 7 bytes + 2 per token + 4 per prediction + trailer
        long expectedSize = 32 + 8;
        for (TrainingInstance t : instances) {
            expectedSize += 7 + 2L * t.length() + 4L * t.numMasked();
        }
        assertEquals(expectedSize, Files.size(file));
    }

    @Test
    void wideVocabulariesUseFourByteIds() throws Exception {
        TrainingInstance t = new TrainingInstance(new int[]{2, 70000, 3, 99999, 3}, 3, true, new int[]{1, 3}, new int[]{5, 65536});
        Path file = dir.resolve("wide.cbpt");
        PretrainingShardWriter.write(file, 8, 2, 100000, List.of(t, t));
        assertEquals(List.of(t, t), readAll(file));
    }

    @Test
    void emptyShardIsValid() throws Exception {
        Path file = dir.resolve("empty.cbpt");
        PretrainingShardWriter.write(file, 8, 2, 10, List.of());
        try (PretrainingShardReader r = new PretrainingShardReader(file)) {
            assertFalse(r.hasNext());
            assertEquals(0, r.count());
        }
    }

    @Test
    void writerRejectsInstancesOverTheLimits() {
        TrainingInstance t = new TrainingInstance(new int[]{2, 7, 3, 8, 3}, 3, false, new int[]{1}, new int[]{7});
        assertThrows(IllegalArgumentException.class, () -> PretrainingShardWriter.write(dir.resolve("x"), 4, 2, 10, List.of(t)));
        assertThrows(IllegalArgumentException.class, () -> PretrainingShardWriter.write(dir.resolve("y"), 8, 2, 8, List.of(t)));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void badFilesNameTheProblemAndPlace() throws Exception {
        GoldenPretrainingData golden = GoldenPretrainingData.load("default");
        List<TrainingInstance> instances = golden.instances(5);
        Path file = dir.resolve("good.cbpt");
        PretrainingShardWriter.write(file, 32, 6, golden.vocab.size(), instances);
        byte[] good = Files.readAllBytes(file);

        Path truncated = dir.resolve("truncated.cbpt");
        Files.write(truncated, Arrays.copyOf(good, good.length - 20));
        InputFormatException e = assertThrows(InputFormatException.class, () -> readAll(truncated));
        assertTrue(e.getMessage().contains("truncated.cbpt") && e.getMessage().contains("record 4")
                && e.getMessage().contains("truncated"), e.getMessage());

        Path noTrailer = dir.resolve("notrailer.cbpt");
        Files.write(noTrailer, Arrays.copyOf(good, good.length - 8));
        e = assertThrows(InputFormatException.class, () -> readAll(noTrailer));
        assertTrue(e.getMessage().contains("trailer"), e.getMessage());

        Path corrupt = dir.resolve("corrupt.cbpt");
        byte[] flipped = good.clone();
        flipped[32 + 7 + 5] ^= 0x01; // a token id byte of record 0 (ids stay in range: vocab < 256)
        Files.write(corrupt, flipped);
        e = assertThrows(InputFormatException.class, () -> readAll(corrupt));
        assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());

        Path badMagic = dir.resolve("magic.cbpt");
        byte[] other = good.clone();
        other[0] = 'X';
        Files.write(badMagic, other);
        e = assertThrows(InputFormatException.class, () -> readAll(badMagic));
        assertTrue(e.getMessage().contains("magic.cbpt (offset 0)"), e.getMessage());

        Path badRecord = dir.resolve("record.cbpt");
        byte[] wrong = good.clone();
        wrong[32] = (byte) 0xff; // token count of record 0 far above max_seq_length
        Files.write(badRecord, wrong);
        e = assertThrows(InputFormatException.class, () -> readAll(badRecord));
        assertTrue(e.getMessage().contains("record 0, offset 32"), e.getMessage());
    }
}
