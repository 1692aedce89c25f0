package org.clinicalbert.workbench.checkpoint;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LevelDbTableBuilderTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void separatorsAndSuccessorsFollowTheBytewiseComparator() {
        // hand-checked against BytewiseComparatorImpl's rules
        assertArrayEquals(b("abd"), LevelDbTableBuilder.shortestSeparator(b("abcdef"), b("abzz")));
        assertArrayEquals(b("abc"), LevelDbTableBuilder.shortestSeparator(b("abc"), b("abd")), "c+1 is not < d");
        assertArrayEquals(b("ab"), LevelDbTableBuilder.shortestSeparator(b("ab"), b("abc")), "prefix: unchanged");
        assertArrayEquals(b("a\u00ffz"), LevelDbTableBuilder.shortestSeparator(b("a\u00ffz"), b("b")), "0xff cannot grow");
        assertArrayEquals(b("p"), LevelDbTableBuilder.shortSuccessor(b("output_weights")));
        assertArrayEquals(b("\u00ff\u00ffb"), LevelDbTableBuilder.shortSuccessor(b("\u00ff\u00ffaq")));
        assertArrayEquals(b("\u00ff\u00ff"), LevelDbTableBuilder.shortSuccessor(b("\u00ff\u00ff")));
    }

    @Test
    void keysMustIncrease() throws IOException {
        LevelDbTableBuilder t = new LevelDbTableBuilder(4096, LevelDbTableBuilder.Compression.NONE);
        t.add(b("b"), new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> t.add(b("a"), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> t.add(b("b"), new byte[0]));
    }

    @Test
    void snappyBlocksAreKeptOnlyWhenTheySaveAnEighth() throws IOException {
        Random rnd = new Random(7);
        byte[] noise = new byte[600];
        rnd.nextBytes(noise);
        byte[] zeros = new byte[600];
        LevelDbTableBuilder t = new LevelDbTableBuilder(512, LevelDbTableBuilder.Compression.SNAPPY);
        t.add(b("k1"), noise); // a block of its own: random bytes do not compress, stored raw
        t.add(b("k2"), zeros); // compresses well: stored as Snappy
        byte[] table = t.finish();
        LevelDbTable parsed = LevelDbTable.parse(Path.of("mem.index"), table);
        List<BlockHandle> blocks = parsed.dataBlocks();
        assertEquals(2, blocks.size());
        assertEquals(0, table[(int) (blocks.get(0).offset() + blocks.get(0).size())], "type byte of the noise block");
        assertEquals(1, table[(int) (blocks.get(1).offset() + blocks.get(1).size())], "type byte of the zeros block");
        List<LevelDbTable.Entry> entries = parsed.entries();
        assertArrayEquals(noise, entries.get(0).value());
        assertArrayEquals(zeros, entries.get(1).value());
    }

    @Test
    void restartPointEverySixteenKeys() throws IOException {
        LevelDbTableBuilder t = new LevelDbTableBuilder(1 << 20, LevelDbTableBuilder.Compression.NONE);
        for (int i = 0; i < 40; i++) {
            t.add(b(String.format("layer_%03d", i)), new byte[]{(byte) i});
        }
        byte[] table = t.finish();
        LevelDbTable parsed = LevelDbTable.parse(Path.of("mem.index"), table);
        BlockHandle block = parsed.dataBlocks().get(0);
        int end = (int) (block.offset() + block.size());
        int numRestarts = java.nio.ByteBuffer.wrap(table, end - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(3, numRestarts, "40 keys: restarts at keys 0, 16, 32");
        assertEquals(40, parsed.entries().size());
    }
}
