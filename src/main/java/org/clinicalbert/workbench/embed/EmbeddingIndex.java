package org.clinicalbert.workbench.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.UserInputException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * An embedding folder opened for exact cosine search. The matrix is never read into the heap: it is read block by
 * block of rows into one reused buffer and every query is scored against every row, so an index larger than the
 * heap (or than memory: the page cache holds what fits) works. Reads rather than a memory mapping: mapped pages
 * count as this process's resident memory, which made a 3 GB index look like 3 GB of the JVM's own (and trip
 * JavaCPP's physical-memory limit under a small -Xmx); read pages stay in the kernel's page cache.
 */
public final class EmbeddingIndex implements Closeable {

    private static final ObjectMapper JSON = Json.MAPPER;

    /** One neighbour: its row in embeddings.npy and its cosine similarity to the query. */
    public record Hit(long row, double score) {
    }

    private final Path dir;
    private final EmbedManifest manifest;
    private final FileChannel channel;
    private final NpyFormat.Header header;
    private final int blockRows;

    private EmbeddingIndex(Path dir, EmbedManifest manifest, FileChannel channel, NpyFormat.Header header,
                           int blockRows) {
        this.dir = dir;
        this.manifest = manifest;
        this.channel = channel;
        this.header = header;
        this.blockRows = blockRows;
    }

    /** Opens and checks a folder written by {@code embed}: embed.json, the .npy header and ids.jsonl agree. */
    public static EmbeddingIndex open(Path dir) throws IOException {
        return open(dir, 4096);
    }

    /** Tests use small blocks and regions to cross their boundaries. */
    static EmbeddingIndex open(Path dir, int blockRows) throws IOException {
        EmbedManifest m = EmbedManifest.read(dir);
        Path npy = dir.resolve(m.embeddingsFile());
        if (!Files.isRegularFile(npy)) {
            throw new InputFormatException(npy, null, "embedding matrix named in " + EmbedManifest.FILE + " not found");
        }
        FileChannel ch = FileChannel.open(npy);
        try {
            NpyFormat.Header h = NpyFormat.read(ch, npy);
            if (h.rows() != m.rows() || h.cols() != m.dimension()) {
                throw new InputFormatException(npy, "header", "shape [" + h.rows() + ", " + h.cols() + "] does not "
                        + "match " + dir.resolve(EmbedManifest.FILE) + " (rows " + m.rows() + ", dimension "
                        + m.dimension() + ")");
            }
            return new EmbeddingIndex(dir, m, ch, h, blockRows);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The embedding folder this index was opened from. */
    public Path dir() {
        return dir;
    }

    public EmbedManifest manifest() {
        return manifest;
    }

    public long rows() {
        return header.rows();
    }

    public int dimension() {
        return header.cols();
    }

    /** The {@code k} rows most cosine-similar to each query, best first (ties: lower row first). */
    public List<List<Hit>> search(List<float[]> queries, int k) throws IOException {
        if (k < 1) {
            throw new UserInputException("--k must be at least 1, got " + k);
        }
        int h = header.cols();
        int nq = queries.size();
        float[][] q = new float[nq][];
        List<PriorityQueue<Hit>> best = new ArrayList<>(nq);
        // the heap's head is the worst hit kept: lowest score, then highest row
        Comparator<Hit> worstFirst = Comparator.comparingDouble(Hit::score)
                .thenComparing(Hit::row, Comparator.reverseOrder());
        for (int i = 0; i < nq; i++) {
            if (queries.get(i).length != h) {
                throw new IllegalArgumentException("query " + (i + 1) + " has dimension " + queries.get(i).length
                        + ", the index " + h);
            }
            q[i] = normalised(queries.get(i));
            best.add(new PriorityQueue<>(k + 1, worstFirst));
        }
        long rowBytes = (long) h * Float.BYTES;
        float[] block = new float[blockRows * h];
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) (blockRows * rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
        for (long start = 0; start < header.rows(); start += blockRows) {
            int n = (int) Math.min(blockRows, header.rows() - start);
            bytes.clear().limit((int) (n * rowBytes));
            long position = header.dataOffset() + start * rowBytes;
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, position + bytes.position()) < 0) {
                    throw new InputFormatException(dir.resolve(manifest.embeddingsFile()), "row " + start,
                            "file ends before the " + header.rows() + " rows its header declares");
                }
            }
            bytes.flip();
            bytes.asFloatBuffer().get(block, 0, n * h);
            for (int r = 0; r < n; r++) {
                int base = r * h;
                double norm = dot(block, base, block, base, h);
                double inv = norm > 0 ? 1.0 / Math.sqrt(norm) : 0.0;
                long row = start + r;
                for (int i = 0; i < nq; i++) {
                    offer(best.get(i), new Hit(row, dot(block, base, q[i], 0, h) * inv), k, worstFirst);
                }
            }
        }
        List<List<Hit>> out = new ArrayList<>(nq);
        for (PriorityQueue<Hit> pq : best) {
            List<Hit> hits = new ArrayList<>(pq);
            hits.sort(worstFirst.reversed());
            out.add(hits);
        }
        return out;
    }

    /**
     * {@code sum a[ia + j] * b[ib + j]} in double with four independent sums: the additions of one long chain
     * wait on each other, four chains keep the floating-point units busy.
     */
    static double dot(float[] a, int ia, float[] b, int ib, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += (double) a[ia + j] * b[ib + j];
            s1 += (double) a[ia + j + 1] * b[ib + j + 1];
            s2 += (double) a[ia + j + 2] * b[ib + j + 2];
            s3 += (double) a[ia + j + 3] * b[ib + j + 3];
        }
        for (; j < n; j++) {
            s0 += (double) a[ia + j] * b[ib + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void offer(PriorityQueue<Hit> pq, Hit hit, int k, Comparator<Hit> worstFirst) {
        if (pq.size() < k) {
            pq.add(hit);
        } else if (worstFirst.compare(hit, pq.peek()) > 0) {
            pq.poll();
            pq.add(hit);
        }
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float[] out = new float[v.length];
        double inv = norm > 0 ? 1.0 / Math.sqrt(norm) : 0.0;
        for (int j = 0; j < v.length; j++) {
            out[j] = (float) (v[j] * inv);
        }
        return out;
    }

    /**
     * The ids.jsonl records of {@code rows} (row, id, line, tokens, windows, text), read in one pass; a row that
     * ids.jsonl does not hold is an error naming the file.
     */
    public Map<Long, JsonNode> records(Set<Long> rows) throws IOException {
        Path ids = dir.resolve(manifest.idsFile());
        Map<Long, JsonNode> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        long max = rows.stream().mapToLong(Long::longValue).max().orElse(-1);
        // rows are lines: count newlines in large reads and decode only the lines asked for
        try (FileChannel ch = FileChannel.open(ids)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long row = 0;
            boolean wanted = rows.contains(0L);
            byte[] a = buf.array();
            while (row <= max && ch.read(buf) > 0) {
                int limit = buf.position();
                int lineStart = 0;
                for (int p = 0; p < limit && row <= max; p++) {
                    if (a[p] == '\n') {
                        if (wanted) {
                            line.write(a, lineStart, p - lineStart);
                            out.put(row, parse(ids, row, line.toString(StandardCharsets.UTF_8)));
                            line.reset();
                        }
                        row++;
                        wanted = rows.contains(row);
                        lineStart = p + 1;
                    }
                }
                if (wanted && row <= max) {
                    line.write(a, lineStart, limit - lineStart);
                }
                buf.clear();
            }
            if (row <= max) {
                throw new InputFormatException(ids, "line " + (row + 1), "ends before row " + max + " of "
                        + header.rows() + ": does not match " + manifest.embeddingsFile());
            }
        }
        return out;
    }

    private static JsonNode parse(Path ids, long row, String line) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new InputFormatException(ids, "line " + (row + 1), "malformed JSON: " + e.getMessage());
        }
        if (n == null || n.path("row").asLong(-1) != row) {
            throw new InputFormatException(ids, "line " + (row + 1), "expected the record of row " + row);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
