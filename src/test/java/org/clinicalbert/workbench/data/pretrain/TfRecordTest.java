package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.checkpoint.Crc32cMask;
import org.clinicalbert.workbench.checkpoint.TfRecordReader;
import org.clinicalbert.workbench.checkpoint.TfRecordWriter;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TFRecord + tf.train.Example bytes against those of an independent pure-Python encoder
 * (tools/golden/pretraining_golden.py) for google's first instances of the "default" golden case.
 */
class TfRecordTest {

    @TempDir
    Path dir;


    @Test
    void bytesMatchThePythonEncoder() throws Exception {
        GoldenPretrainingData golden = GoldenPretrainingData.load("default");
        byte[] expected;
        try (InputStream in = getClass().getResourceAsStream("/pretrain/instances-default.tfrecord")) {
            expected = in.readAllBytes();
        }
        TfExampleEncoder encoder = new TfExampleEncoder(golden.config.maxSeqLength(), golden.config.maxPredictionsPerSeq());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TfRecordWriter writer = new TfRecordWriter(bytes);
        for (TrainingInstance t : golden.instances(8)) {
            writer.write(encoder.encode(t));
        }
        assertEquals(expected.length, bytes.size());
        assertArrayEquals(expected, bytes.toByteArray());
    }

    @Test
    void crc32cMaskMatchesTensorFlow() {
        // CRC-32C check value of "123456789" is 0xE3069283; TF masks it as rotr15 + 0xa282ead8
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        int c = 0xE3069283;
        assertEquals(((c >>> 15) | (c << 17)) + 0xa282ead8, Crc32cMask.maskedCrc(data, 0, data.length));
    }

    @Test
    void readerReturnsPayloadsAndRejectsCorruption() throws Exception {
        Path file = dir.resolve("x.tfrecord");
        try (var out = Files.newOutputStream(file)) {
            TfRecordWriter w = new TfRecordWriter(out);
            w.write(new byte[]{1, 2, 3});
            w.write(new byte[0]);
            w.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        try (TfRecordReader r = new TfRecordReader(file)) {
            assertArrayEquals(new byte[]{1, 2, 3}, r.next());
            assertArrayEquals(new byte[0], r.next());
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), r.next());
            assertNull(r.next());
        }
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[12 + 1] ^= 1; // payload of record 0
        Files.write(file, flipped);
        try (TfRecordReader r = new TfRecordReader(file)) {
            InputFormatException e = assertThrows(InputFormatException.class, r::next);
            assertTrue(e.getMessage().contains("record 0") && e.getMessage().contains("data CRC"), e.getMessage());
        }

        Files.write(file, Arrays.copyOf(good, good.length - 3));
        try (TfRecordReader r = new TfRecordReader(file)) {
            r.next();
            r.next();
            InputFormatException e = assertThrows(InputFormatException.class, r::next);
            assertTrue(e.getMessage().contains("record 2") && e.getMessage().contains("offset 35"), e.getMessage());
        }
    }
}
