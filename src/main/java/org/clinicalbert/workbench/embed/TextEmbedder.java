package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.checkpoint.CheckpointLocator;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.TextEncoder;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.BertWeights;
import org.clinicalbert.workbench.tokenize.FullTokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Texts to vectors with a model folder: google's tokenisation, each text cut into windows ({@link TextWindows}),
 * all windows of a group of texts sorted by length and run in padded batches ({@link WindowEncoder}), and each
 * text's vector the token-weighted mean of its windows' vectors (weights: the tokens each window shows the model,
 * [CLS] and [SEP] included, so mean pooling over windows is the mean over all their tokens). A text that fits in
 * max_seq_length is one window and gets exactly {@code encode}'s vector.
 *
 * <p>The result for a text depends only on the group it is embedded with (through padding and batch shapes, in the
 * last float bits), so callers that must reproduce a run group texts the same way.
 */
public final class TextEmbedder {

    /** A text's vector, its word-piece count (without [CLS]/[SEP]) and the windows it took. */
    public record Embedded(float[] vector, int pieces, int windows) {
    }

    private final ModelFolder folder;
    private final EmbedSettings settings;
    private final TextWindows windows;
    private final WindowEncoder encoder;
    private final int cls;
    private final int sep;

    private TextEmbedder(ModelFolder folder, EmbedSettings settings, WindowEncoder encoder) {
        this.folder = folder;
        this.settings = settings;
        this.windows = new TextWindows(settings.maxSeqLength(), settings.stride());
        this.encoder = encoder;
        this.cls = requireId(folder.tokenizer(), "[CLS]");
        this.sep = requireId(folder.tokenizer(), "[SEP]");
    }

    /**
     * Resolves the defaults (max_seq_length: {@link TextEncoder#DEFAULT_MAX_SEQ_LENGTH} or the position table if
     * smaller; stride: half a window; layers: the last) and loads the weights into an inference graph.
     */
    public static TextEmbedder open(ModelFolder folder, Pooling pooling, String layers, Integer maxSeqLength,
                                    Integer stride, int batch) {
        EmbedSettings settings = settings(folder, pooling, layers, maxSeqLength, stride, batch);
        ThreadPolicy.apply(folder.config());
        BertGraph graph = BertGraph.build(folder.config(), BertGraph.Mode.INFERENCE);
        BertWeights.load(graph, folder.readWeights(), CheckpointLocator.indexFile(folder.checkpointPrefix()), 0L);
        return new TextEmbedder(folder, settings, new WindowEncoder(graph, pooling, settings.layers()));
    }

    /**
     * The settings {@link #open} resolves and checks, without loading the weights: what a driver that hands the
     * embedding to other processes ({@code embed --spark}) records and passes on, so that every part resolves them
     * the same way.
     */
    public static EmbedSettings settings(ModelFolder folder, Pooling pooling, String layers, Integer maxSeqLength,
                                         Integer stride, int batch) {
        int positions = folder.config().maxPositionEmbeddings();
        int length = maxSeqLength == null ? Math.min(TextEncoder.DEFAULT_MAX_SEQ_LENGTH, positions) : maxSeqLength;
        if (length > positions) {
            throw new UserInputException("--max-seq-length " + length + " exceeds max_position_embeddings "
                    + positions + " of " + folder.dir().resolve("bert_config.json"));
        }
        int s = stride == null ? TextWindows.defaultStride(length) : stride;
        LayerSelection selection = LayerSelection.parse(layers == null ? LayerSelection.LAST : layers,
                folder.config().numHiddenLayers());
        EmbedSettings settings = new EmbedSettings(pooling, selection, length, s, batch, folder.doLowerCase());
        new TextWindows(length, s); // checks the lengths before the (slow) weight load
        return settings;
    }

    public ModelFolder folder() {
        return folder;
    }

    public EmbedSettings settings() {
        return settings;
    }

    public int dimension() {
        return encoder.hiddenSize();
    }

    /** Vectors for {@code texts}, in their order. */
    public List<Embedded> embed(List<String> texts) {
        Plan plan = plan(texts);
        int h = encoder.hiddenSize();
        double[][] sums = new double[texts.size()][h];
        long[] weights = new long[texts.size()];
        for (List<Piece> chunk : plan.batches()) {
            float[][] vectors = encoder.encode(chunk.stream().map(Piece::ids).toList());
            for (int r = 0; r < chunk.size(); r++) {
                Piece p = chunk.get(r);
                int weight = p.ids().length;
                weights[p.text()] += weight;
                for (int j = 0; j < h; j++) {
                    sums[p.text()][j] += (double) weight * vectors[r][j];
                }
            }
        }
        List<Embedded> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] v = new float[h];
            for (int j = 0; j < h; j++) {
                v[j] = (float) (sums[i][j] / weights[i]);
            }
            out.add(new Embedded(v, plan.pieceCounts()[i], plan.windowCounts()[i]));
        }
        return out;
    }

    /** One padded batch {@link #embed} runs: rows, padded length, and the tokens that are not padding. */
    public record BatchShape(int rows, int length, int tokens) {
    }

    /**
     * The padded batches {@link #embed} would run for {@code texts}, in order, without running them: what a
     * benchmark hands to another implementation so both do the same work.
     */
    public List<BatchShape> batchShapes(List<String> texts) {
        List<BatchShape> shapes = new ArrayList<>();
        for (List<Piece> chunk : plan(texts).batches()) {
            int length = 0;
            int tokens = 0;
            for (Piece p : chunk) {
                length = Math.max(length, p.ids().length);
                tokens += p.ids().length;
            }
            shapes.add(new BatchShape(chunk.size(), length, tokens));
        }
        return shapes;
    }

    /** Every text tokenised and cut into windows, the windows sorted by length and cut into batches. */
    private Plan plan(List<String> texts) {
        FullTokenizer tokenizer = folder.tokenizer();
        List<Piece> all = new ArrayList<>();
        int[] pieceCounts = new int[texts.size()];
        int[] windowCounts = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            int[] pieces = tokenizer.convertTokensToIds(tokenizer.tokenize(texts.get(i)));
            pieceCounts[i] = pieces.length;
            List<TextWindows.Window> plan = windows.plan(pieces.length);
            windowCounts[i] = plan.size();
            for (TextWindows.Window w : plan) {
                int[] ids = new int[w.tokens()];
                ids[0] = cls;
                System.arraycopy(pieces, w.start(), ids, 1, w.length());
                ids[ids.length - 1] = sep;
                all.add(new Piece(i, ids));
            }
        }
        // length-sorted batches waste little on padding; the sort is stable, so the grouping is reproducible
        List<Piece> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(p -> p.ids().length));
        List<List<Piece>> batches = new ArrayList<>();
        int batch = settings.batch();
        for (int start = 0; start < sorted.size(); start += batch) {
            batches.add(sorted.subList(start, Math.min(sorted.size(), start + batch)));
        }
        return new Plan(batches, pieceCounts, windowCounts);
    }

    private record Plan(List<List<Piece>> batches, int[] pieceCounts, int[] windowCounts) {
    }

    /** One window of text {@code text}: {@code [CLS] pieces [SEP]} ids. */
    private record Piece(int text, int[] ids) {
    }

    private static int requireId(FullTokenizer tokenizer, String token) {
        int id = tokenizer.vocab().id(token);
        if (id < 0) {
            throw new UserInputException("vocabulary has no " + token + " token");
        }
        return id;
    }
}
