package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged copies of the TF-written fixture: every failure must name the file and where in it. */
class CheckpointCorruptionTest {

    private static final String NAME = "model.ckpt-150000";

    @TempDir
    Path tmp;

    /** Copies fixture folder {@code dir} into the temp dir and returns the copy's prefix. */
    private Path copy(String dir) throws IOException {
        Path src = ReferenceTensors.resource(dir);
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.copy(f, tmp.resolve(f.getFileName()));
            }
        }
        return tmp.resolve(NAME);
    }

    private static Path index(Path prefix) {
        return CheckpointLocator.indexFile(prefix);
    }

    private static Path data(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + ".data-00000-of-00001");
    }

    private static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x5a);
        }
    }

    private static InputFormatException assertBad(Path expectedFile, String locationPart, String messagePart,
                                                  org.junit.jupiter.api.function.Executable action) {
        InputFormatException e = assertThrows(InputFormatException.class, action);
        assertEquals(expectedFile, e.file(), e.getMessage());
        if (locationPart != null) {
            assertTrue(e.location() != null && e.location().contains(locationPart), e.getMessage());
        }
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        return e;
    }

    @Test
    void indexShorterThanFooter() throws IOException {
        Path prefix = copy("tf");
        truncate(index(prefix), 20);
        assertBad(index(prefix), "offset 0", "shorter than the 48-byte footer", () -> TfCheckpointReader.open(prefix));
    }

    @Test
    void blockHandlePastEndOfIndex() throws IOException {
        Path prefix = copy("tf");
        byte[] all = Files.readAllBytes(index(prefix));
        // keep only the footer: its handles now point far past the end of the file
        Files.write(index(prefix), Arrays.copyOfRange(all, all.length - 48, all.length));
        assertBad(index(prefix), "block at offset", "runs past the end", () -> TfCheckpointReader.open(prefix));
    }

    @Test
    void wrongMagic() throws IOException {
        Path prefix = copy("tf");
        long len = Files.size(index(prefix));
        flipByte(index(prefix), len - 1);
        assertBad(index(prefix), "offset " + (len - 8), "bad table magic", () -> TfCheckpointReader.open(prefix));
    }

    @Test
    void dataBlockChecksumMismatch() throws IOException {
        Path prefix = copy("tf");
        flipByte(index(prefix), 100); // inside the first (only) data block, which starts at 0
        assertBad(index(prefix), "block at offset 0", "block checksum mismatch", () -> TfCheckpointReader.open(prefix));
    }

    @Test
    void snappyBlockThatDoesNotDecompress() throws IOException {
        Path prefix = copy("snappy");
        Path idx = index(prefix);
        byte[] all = Files.readAllBytes(idx);
        BlockHandle second = LevelDbTable.parse(idx, all).dataBlocks().get(1);
        int off = (int) second.offset();
        int size = (int) second.size();
        assertEquals(1, all[off + size], "fixture block should be Snappy");
        Arrays.fill(all, off, off + size, (byte) 0xff);
        // re-seal the trailer so the checksum passes and the Snappy decoder is what must object
        int crc = Crc32cMask.maskedCrc(Arrays.copyOfRange(all, off, off + size + 1));
        ByteBuffer.wrap(all, off + size + 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
        Files.write(idx, all);
        assertBad(idx, "block at offset " + off, "bad Snappy-compressed block", () -> TfCheckpointReader.open(prefix));
    }

    @Test
    void restartPointThatClaimsASharedKeyPrefix() throws IOException {
        Path prefix = copy("tf");
        Path idx = index(prefix);
        byte[] all = Files.readAllBytes(idx);
        BlockHandle first = LevelDbTable.parse(idx, all).dataBlocks().get(0);
        assertEquals(0, all[0], "the first entry is a restart point: no shared bytes");
        all[0] = 1;
        int end = (int) (first.offset() + first.size());
        ByteBuffer.wrap(all, end + 1, 4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(Crc32cMask.maskedCrc(Arrays.copyOfRange(all, (int) first.offset(), end + 1)));
        Files.write(idx, all);
        assertBad(idx, "block at offset 0, entry at 0", "restart point with 1 shared", () -> TfCheckpointReader.open(prefix));
    }

    @Test
    void truncatedDataShard() throws IOException {
        Path prefix = copy("tf");
        truncate(data(prefix), 1000);
        assertBad(data(prefix), "variable ", "truncated data shard", () -> TfCheckpointReader.open(prefix));
    }

    @Test
    void missingDataShard() throws IOException {
        Path prefix = copy("tf");
        Files.delete(data(prefix));
        assertBad(data(prefix), null, "data shard is missing", () -> TfCheckpointReader.open(prefix));
    }

    @Test
    void tensorChecksumMismatchNamesTheVariable() throws IOException {
        Path prefix = copy("tf");
        TensorEntry pooler = TfCheckpointReader.open(prefix).entry("bert/pooler/dense/kernel");
        flipByte(data(prefix), pooler.offset() + 5);
        TfCheckpointReader reader = TfCheckpointReader.open(prefix);
        assertBad(data(prefix), "variable bert/pooler/dense/kernel", "tensor checksum mismatch",
                () -> reader.readFloats("bert/pooler/dense/kernel"));
        assertBad(data(prefix), "variable bert/pooler/dense/kernel", "tensor checksum mismatch", reader::readAllVariables);
        // the damage is local: a neighbour still reads
        assertEquals(4, reader.readFloats("bert/pooler/dense/bias").length);
    }

    @Test
    void unsupportedDtypeIsListedButNotRead() throws IOException {
        Path prefix = ReferenceTensors.resource("odd-dtype").resolve("model.ckpt-7");
        TfCheckpointReader reader = TfCheckpointReader.open(prefix);
        assertEquals(TfDataType.STRING, reader.entry("vocab/tokens").dtype());
        assertArrayEquals(new float[]{0.25f, -1.5f}, reader.readFloats("bert/pooler/dense/bias"));
        assertBad(index(prefix), "variable vocab/tokens", "unsupported dtype string", () -> reader.read("vocab/tokens"));
        assertBad(index(prefix), "variable vocab/tokens", "unsupported dtype string", reader::readAllVariables);
    }

    @Test
    void wrongDtypeAndUnknownName() throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(ReferenceTensors.resource("tf").resolve(NAME));
        assertBad(reader.index().file(), "variable global_step", "dtype is int64, not float32",
                () -> reader.readFloats("global_step"));
        assertBad(reader.index().file(), "variable bert/no/such", "no such tensor", () -> reader.readFloats("bert/no/such"));
    }

    @Test
    void missingIndexFile() {
        Path prefix = tmp.resolve("nothing-here");
        assertBad(index(prefix), null, "not found", () -> TfCheckpointReader.open(prefix));
    }
}
