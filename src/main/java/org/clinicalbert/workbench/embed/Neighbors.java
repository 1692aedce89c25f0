package org.clinicalbert.workbench.embed;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Query texts embedded as the index was built, then searched ({@link EmbeddingIndex#search}). */
public final class Neighbors {

    /** One neighbour as printed: rank from 1, row, id and text from ids.jsonl, cosine similarity. */
    public record Neighbor(int rank, long row, String id, double score, String text) {
    }

    public record Result(String query, List<Neighbor> neighbors) {
    }

    /** The results and where the time went: embedding the queries, scanning the matrix, reading ids.jsonl. */
    public record Search(List<Result> results, double embedSeconds, double scanSeconds, double idsSeconds) {
    }

    private Neighbors() {
    }

    public static Search search(EmbeddingIndex index, Path queryFile, int k) throws IOException {
        try (TextSource source = TextSources.open(new InputSpec(queryFile, InputKind.LINES, null, null, List.of()))) {
            List<String> texts = TextSources.readAll(source).stream().map(SourceText::text).toList();
            if (texts.isEmpty()) {
                throw new InputFormatException(queryFile, null, "no queries (the file is empty or blank)");
            }
            return search(index, texts, k);
        }
    }

    public static Search search(EmbeddingIndex index, List<String> queries, int k) throws IOException {
        return search(index, embedderFor(index), queries, k);
    }

    /** As {@link #search(EmbeddingIndex, List, int)} with an embedder already opened by {@link #embedderFor}. */
    public static Search search(EmbeddingIndex index, TextEmbedder embedder, List<String> queries, int k)
            throws IOException {
        long t0 = System.nanoTime();
        List<float[]> vectors = embedder.embed(queries).stream().map(TextEmbedder.Embedded::vector).toList();
        long t1 = System.nanoTime();
        List<List<EmbeddingIndex.Hit>> hits = index.search(vectors, k);
        long t2 = System.nanoTime();
        Set<Long> rows = new HashSet<>();
        hits.forEach(list -> list.forEach(h -> rows.add(h.row())));
        Map<Long, JsonNode> records = index.records(rows);
        long t3 = System.nanoTime();
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            List<Neighbor> ns = new ArrayList<>();
            int rank = 1;
            for (EmbeddingIndex.Hit h : hits.get(i)) {
                JsonNode r = records.get(h.row());
                ns.add(new Neighbor(rank++, h.row(), r.path("id").asText(), h.score(),
                        r.hasNonNull("text") ? r.get("text").asText() : null));
            }
            out.add(new Result(queries.get(i), ns));
        }
        return new Search(out, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    /**
     * The index's model folder opened with its recorded settings; the checkpoint must still be the one the index
     * was built with (its index file's hash), or the queries would live in another space.
     */
    public static TextEmbedder embedderFor(EmbeddingIndex index) throws IOException {
        EmbedManifest m = index.manifest();
        EmbedManifest.ModelRecord model = m.fingerprint().model();
        ModelFolder folder = ModelFolder.open(Path.of(model.dir()), model.doLowerCase());
        EmbedManifest.ModelRecord now = EmbedJob.modelRecord(folder);
        Path manifest = index.dir().resolve(EmbedManifest.FILE);
        if (!now.checkpointIndexSha256().equals(model.checkpointIndexSha256())) {
            throw new InputFormatException(manifest, "key fingerprint.model.checkpointIndexSha256", "the index was built with "
                    + "other weights than " + model.dir() + " holds now (" + model.checkpoint() + " sha256 "
                    + model.checkpointIndexSha256() + " here, " + now.checkpoint() + " sha256 "
                    + now.checkpointIndexSha256() + " now): embed the input again with this model");
        }
        if (model.vocabSha256() != null && !model.vocabSha256().equals(now.vocabSha256())) {
            throw new InputFormatException(manifest, "key fingerprint.model.vocabSha256", "the index was built with another "
                    + "vocabulary than " + model.dir() + " holds now (sha256 " + model.vocabSha256() + " here, "
                    + now.vocabSha256() + " now" + "): embed the input again with this model");
        }
        EmbedManifest.Fingerprint f = m.fingerprint();
        TextEmbedder embedder = TextEmbedder.open(folder, Pooling.parse(f.pooling()), f.layers(), f.maxSeqLength(),
                f.stride(), f.batch());
        if (embedder.dimension() != index.dimension()) {
            throw new InputFormatException(Path.of(model.dir()), null, "model hidden size " + embedder.dimension()
                    + " does not match the index dimension " + index.dimension());
        }
        return embedder;
    }
}
