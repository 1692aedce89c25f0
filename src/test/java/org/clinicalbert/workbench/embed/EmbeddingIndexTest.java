package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link EmbeddingIndex} against a brute-force cosine ranking, and {@link Neighbors} end to end on the tiny model. */
class EmbeddingIndexTest {

    static final int H = 16;

    /** An index folder with the given rows (as {@code embed} writes one) and a manifest claiming {@code claimedRows}. */
    static Path writeIndex(Path dir, float[][] rows, long claimedRows) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer b = ByteBuffer.allocate(NpyFormat.headerLength(H) + rows.length * H * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyFormat.header(rows.length, H));
        StringBuilder ids = new StringBuilder();
        for (int r = 0; r < rows.length; r++) {
            for (float v : rows[r]) {
                b.putFloat(v);
            }
            ids.append("{\"row\":").append(r).append(",\"id\":\"doc-").append(r).append("\",\"text\":\"t").append(r)
                    .append("\"}\n");
        }
        Files.write(dir.resolve(EmbedManifest.EMBEDDINGS), b.array());
        Files.writeString(dir.resolve(EmbedManifest.IDS), ids);
        EmbedManifest.Fingerprint f = new EmbedManifest.Fingerprint(null,
                new EmbedManifest.ModelRecord("m", "model.ckpt-0", "x", H, 1, 8, false, null), "mean", "-1", List.of(1), 8,
                3, 1, 1);
        EmbedManifest m = new EmbedManifest("test", "now", f, claimedRows, H, "<f4", EmbedManifest.EMBEDDINGS,
                EmbedManifest.IDS, EmbedManifest.Counts.ZERO, new EmbedManifest.Timings(0, 0, 0, 0));
        Files.write(dir.resolve(EmbedManifest.FILE), m.toJson());
        return dir;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += (double) a[j] * b[j];
            na += (double) a[j] * a[j];
            nb += (double) b[j] * b[j];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void rankingEqualsBruteForceAcrossBlocksAndRegions(@TempDir Path dir) throws IOException {
        Random rnd = new Random(3);
        float[][] rows = new float[1003][H];
        for (float[] row : rows) {
            for (int j = 0; j < H; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        rows[500] = rows[17].clone(); // exact duplicates: equal scores, lower row first
        rows[900] = new float[H];     // a zero vector scores 0
        Path idx = writeIndex(dir.resolve("idx"), rows, rows.length);
        List<float[]> queries = new ArrayList<>();
        queries.add(rows[17].clone());
        for (int q = 0; q < 4; q++) {
            float[] v = new float[H];
            for (int j = 0; j < H; j++) {
                v[j] = (float) rnd.nextGaussian();
            }
            queries.add(v);
        }
        int k = 25;
        // blocks of 7 rows: block boundaries fall inside the data many times, and the last block is short
        try (EmbeddingIndex index = EmbeddingIndex.open(idx, 7)) {
            List<List<EmbeddingIndex.Hit>> got = index.search(queries, k);
            for (int q = 0; q < queries.size(); q++) {
                float[] query = queries.get(q);
                List<Integer> expected = IntStream.range(0, rows.length).boxed()
                        .sorted(Comparator.comparingDouble((Integer r) -> -(rows[r].length == 0 ? 0
                                : Double.isNaN(cosine(query, rows[r])) ? 0 : cosine(query, rows[r]))).thenComparing(r -> r))
                        .limit(k).toList();
                assertEquals(expected, got.get(q).stream().map(h -> (int) h.row()).toList(), "query " + q);
                for (EmbeddingIndex.Hit h : got.get(q)) {
                    assertEquals(cosine(query, rows[(int) h.row()]), h.score(), 1e-6);
                }
            }
            assertEquals(17, got.get(0).get(0).row());
            assertEquals(500, got.get(0).get(1).row());
            assertEquals(1.0, got.get(0).get(0).score(), 1e-6);
            assertEquals(1.0, got.get(0).get(1).score(), 1e-6);
        }
    }

    @Test
    void indexWhoseManifestDoesNotMatchItsMatrixIsRefused(@TempDir Path dir) throws IOException {
        float[][] rows = new float[5][H];
        Path idx = writeIndex(dir.resolve("idx"), rows, 6);
        InputFormatException e = assertThrows(InputFormatException.class, () -> EmbeddingIndex.open(idx));
        assertTrue(e.getMessage().contains("embeddings.npy") && e.getMessage().contains("[5, 16]")
                && e.getMessage().contains("rows 6"), e.getMessage());

        Path cut = writeIndex(dir.resolve("cut"), rows, 5);
        byte[] whole = Files.readAllBytes(cut.resolve(EmbedManifest.EMBEDDINGS));
        Files.write(cut.resolve(EmbedManifest.EMBEDDINGS), java.util.Arrays.copyOf(whole, whole.length - 4));
        e = assertThrows(InputFormatException.class, () -> EmbeddingIndex.open(cut));
        assertTrue(e.getMessage().contains("embeddings.npy") && e.getMessage().contains("truncated"), e.getMessage());

        e = assertThrows(InputFormatException.class, () -> EmbeddingIndex.open(dir));
        assertTrue(e.getMessage().contains("embed.json"), e.getMessage());
    }

    /** Built by embed on the tiny model: a duplicated text is its own nearest neighbour at cosine 1. */
    @Test
    void duplicatedTextIsItsOwnNearestNeighbour(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("texts.txt");
        Files.write(in, EmbedJobTest.TEXTS);
        TextEmbedder embedder = TextEmbedder.open(ModelFolder.open(TextEmbedderTest.TINY, false), Pooling.MEAN, null,
                null, null, 4);
        Path out = dir.resolve("idx");
        EmbedJob.run(embedder, EmbedJobTest.lines(in), out, false, 3, EmbedJob.Progress.NONE);
        try (EmbeddingIndex index = EmbeddingIndex.open(out)) {
            TextEmbedder same = Neighbors.embedderFor(index);
            assertEquals(embedder.settings(), same.settings());
            List<Neighbors.Result> r = Neighbors.search(index, same, List.of(EmbedJobTest.TEXTS.get(0), "lung"), 3)
                    .results();
            // TEXTS[0] is also TEXTS[4]; embedded in different groups, their last float bits may differ
            assertEquals(java.util.Set.of(0L, 4L), r.get(0).neighbors().subList(0, 2).stream()
                    .map(Neighbors.Neighbor::row).collect(java.util.stream.Collectors.toSet()));
            assertEquals(1.0, r.get(0).neighbors().get(0).score(), 1e-5);
            assertEquals(1.0, r.get(0).neighbors().get(1).score(), 1e-5);
            assertTrue(r.get(0).neighbors().get(2).score() < 0.9999);
            assertEquals(r.get(0).neighbors().get(0).row() == 0 ? "1" : "5", r.get(0).neighbors().get(0).id());
            assertEquals(EmbedJobTest.TEXTS.get(0), r.get(0).neighbors().get(0).text());
            assertEquals(6L, r.get(1).neighbors().get(0).row());
            assertEquals(1.0, r.get(1).neighbors().get(0).score(), 1e-5);
        }
    }
}
