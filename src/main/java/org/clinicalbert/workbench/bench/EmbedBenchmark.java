package org.clinicalbert.workbench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.embed.EmbedJob;
import org.clinicalbert.workbench.embed.EmbedManifest;
import org.clinicalbert.workbench.embed.InputSpec;
import org.clinicalbert.workbench.embed.SourceText;
import org.clinicalbert.workbench.embed.TextEmbedder;
import org.clinicalbert.workbench.embed.TextSource;
import org.clinicalbert.workbench.embed.TextSources;
import org.clinicalbert.workbench.io.FileTrees;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.runtime.ProcessMemory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@code workbench embed} end to end ({@link EmbedJob}: reading, tokenising, length-sorted batches, pooling,
 * writing the .npy) on a real model folder and input, and records resident memory after every group of texts, so
 * one run shows whether memory stays flat as the corpus grows.
 *
 * <p>The PyTorch baseline gets the batch shapes this run will use (rows and padded length of every batch, from
 * {@link TextEmbedder#batchShapes}) and runs the same BERT forward plus mean pooling over them, so both sides do the
 * same arithmetic; tokenisation and file writing are the workbench's extra work and count against it.
 */
public final class EmbedBenchmark {

    public static final Path TORCH_SCRIPT = Path.of("tools/bench/torch_embed_bench.py");
    private static final ObjectMapper JSON = Json.MAPPER;

    /**
     * Resident memory after {@code texts} texts were embedded, and how much of it the Java heap had reserved then
     * (the JVM grows its heap towards -Xmx before collecting hard, which is not a leak).
     */
    public record MemoryPoint(long texts, long rssBytes, long heapCommittedBytes) {
    }

    /** What one run measured. */
    public record Result(long texts, long windows, long tokens, long paddedTokens, int batches, double seconds,
                         long peakRssBytes, long rssAfterLoadBytes, List<MemoryPoint> memory) {
        public double tokensPerSecond() {
            return tokens / Math.max(seconds, 1e-9);
        }

        public double textsPerSecond() {
            return texts / Math.max(seconds, 1e-9);
        }
    }

    private final TextEmbedder embedder;
    private final InputSpec input;
    private final int bufferTexts;

    public EmbedBenchmark(TextEmbedder embedder, InputSpec input, int bufferTexts) {
        this.embedder = embedder;
        this.input = input;
        this.bufferTexts = bufferTexts;
    }

    /** Every batch the run will compute, grouped exactly as {@link EmbedJob} groups texts. */
    public List<TextEmbedder.BatchShape> shapes() throws IOException {
        List<TextEmbedder.BatchShape> shapes = new ArrayList<>();
        try (TextSource source = TextSources.open(input)) {
            while (true) {
                List<SourceText> group = source.nextGroup(bufferTexts);
                if (group.isEmpty()) {
                    break;
                }
                shapes.addAll(embedder.batchShapes(group.stream().map(SourceText::text).toList()));
                if (group.size() < bufferTexts) {
                    break;
                }
            }
        }
        return shapes;
    }

    /** The torch script's arguments: the model's dimensions and a file listing the batch shapes. */
    public static List<String> torchArguments(BertConfig c, Path shapesFile, int threads, String pooling) {
        return List.of("--layers", "" + c.numHiddenLayers(), "--hidden", "" + c.hiddenSize(),
                "--heads", "" + c.numAttentionHeads(), "--intermediate", "" + c.intermediateSize(),
                "--vocab", "" + c.vocabSize(), "--positions", "" + c.maxPositionEmbeddings(),
                "--shapes", shapesFile.toString(), "--threads", "" + threads, "--pooling", pooling);
    }

    /** Writes {@code shapes} as {@code [[rows, length, tokens], ...]} for the torch script. */
    public static void writeShapes(List<TextEmbedder.BatchShape> shapes, Path file) throws IOException {
        List<int[]> rows = shapes.stream().map(s -> new int[]{s.rows(), s.length(), s.tokens()}).toList();
        JSON.writeValue(file.toFile(), rows);
    }

    /** Runs the real embed job into a scratch folder (deleted afterwards) and measures it. */
    public Result run(List<TextEmbedder.BatchShape> shapes) throws IOException {
        long rssAfterLoad = ProcessMemory.rssBytes();
        List<MemoryPoint> memory = new ArrayList<>();
        Path scratch = Files.createTempDirectory("embed-bench");
        try {
            Path out = scratch.resolve("out");
            long started = System.nanoTime();
            EmbedManifest m = EmbedJob.run(embedder, input, out, false, bufferTexts,
                    (bytes, total, texts, windowed) -> memory.add(new MemoryPoint(texts, ProcessMemory.rssBytes(),
                            Runtime.getRuntime().totalMemory())));
            double seconds = (System.nanoTime() - started) / 1e9;
            long tokens = shapes.stream().mapToLong(TextEmbedder.BatchShape::tokens).sum();
            long padded = shapes.stream().mapToLong(s -> (long) s.rows() * s.length()).sum();
            return new Result(m.rows(), m.counts().windows(), tokens, padded, shapes.size(), seconds,
                    ProcessMemory.peakRssBytes(), rssAfterLoad, memory);
        } finally {
            FileTrees.deleteTree(scratch);
        }
    }
}
