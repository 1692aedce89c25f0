package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BERT body as a SameDiff graph, block for block as google's {@code modeling.py}
 * ({@code embedding_lookup} + {@code embedding_postprocessor}, {@code attention_layer}, {@code transformer_model},
 * pooler). Heads attach to it ({@link MaskedLmHead}, {@link NextSentenceHead}, {@link SequenceClassifierHead},
 * {@link TokenClassifierHead}).
 *
 * <p>SameDiff variable names are google's checkpoint names verbatim (SameDiff accepts '/'), e.g.
 * {@code bert/encoder/layer_0/attention/self/query/kernel}; dense kernels are {@code [in, out]} as in TF.
 * Variables start as zeros: {@link BertWeights} loads or initialises them.
 *
 * <p>M2.1 workarounds (docs/samediff-m2.1.md §1-§5): the word-embedding lookup is done in Java ({@link WordLookup}):
 * the graph takes the looked-up rows as the variable {@link #WORD_VECTORS}, set before each run, whose gradient
 * {@link BertGradients} scatter-adds into the table's, because {@code gather}'s gradient is wrong for
 * repeated ids and {@code oneHot · table} over the whole vocabulary costs ~12% of a step; the small token-type
 * and position tables keep the exact {@code oneHot · table}. Run the graph through {@link #output} (or
 * {@link BertGradients}), which supplies the word vectors. GELU is google's tanh formula computed as the identical
 * {@code x * sigmoid(x (a + b x^2))} ({@link #gelu}) because {@code gelu}/{@code preciseGelu} compute other
 * functions; dropout multiplies by a mask fed as a placeholder
 * ({@link #dropoutMasks}) because the dropout ops have no gradient and RandomBernoulli never changes its mask.
 * LayerNorm uses the built-in {@code layerNorm}: it has no epsilon (plain standardisation, 0 for a constant
 * row), which equals TF's epsilon 1e-12 to float precision for any row whose variance is not itself ~1e-12,
 * and its fused backward is faster than a hand-built one (docs/samediff-m2.1.md §4); the golden test checks its
 * output and its gamma and input gradients against a torch LayerNorm with epsilon 1e-12.
 */
public final class BertGraph {

    /** Dropout is in the graph only in TRAINING mode; INFERENCE is deterministic. */
    public enum Mode { TRAINING, INFERENCE }

    /** Placeholders, all INT32 {@code [B, T]} with dynamic B and T. */
    public static final String INPUT_IDS = "input_ids";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final String INPUT_MASK = "input_mask";
    /**
     * FLOAT {@code [B*T, H]}: {@code word_embeddings[input_ids]}, looked up in Java by {@link #prepare} and set
     * before each run. A variable, not a placeholder, because SameDiff returns no gradient for placeholders; it is
     * not a model parameter (not saved, not trained).
     */
    public static final String WORD_VECTORS = "word_vectors";
    static final String WORD_EMBEDDINGS = "bert/embeddings/word_embeddings";
    /** Outputs: {@code [B, T, H]} and {@code [B, H]}. */
    public static final String SEQUENCE_OUTPUT = "bert/sequence_output";
    public static final String POOLED_OUTPUT = "bert/pooled_output";

    /** modeling.py: {@code attention_mask_adder = (1 - mask) * -10000.0}. */
    private static final double MASK_ADDER = -10000.0;
    private static final double GELU_A = 2 * Math.sqrt(2.0 / Math.PI);
    private static final double GELU_B = 0.044715 * GELU_A;

    private final SameDiff sd;
    private final BertConfig config;
    private final Mode mode;
    private final Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
    private final List<DropoutSite> dropoutSites = new ArrayList<>();

    private final SDVariable inputIds;
    private final SDVariable tokenTypeIds;
    private final SDVariable inputMask;
    /** {@code [2]} = (B, T), read from input_ids at run time. */
    private final SDVariable batchAndLength;
    private final SDVariable sequenceLength;
    /** {@code [5]} = (B, T, 3, heads, head_size), computed once per batch for every layer's split into heads. */
    private final SDVariable qkvShape;
    private SDVariable sequenceOutput;
    private SDVariable pooledOutput;

    private BertGraph(BertConfig config, Mode mode) {
        SessionMemory.install();
        this.sd = SameDiff.create();
        this.config = config;
        this.mode = mode;
        inputIds = sd.placeHolder(INPUT_IDS, DataType.INT32, -1, -1);
        tokenTypeIds = sd.placeHolder(TOKEN_TYPE_IDS, DataType.INT32, -1, -1);
        inputMask = sd.placeHolder(INPUT_MASK, DataType.INT32, -1, -1);
        batchAndLength = sd.shape(inputIds).castTo(DataType.INT64);
        sequenceLength = sd.sizeAt(inputIds, 1).castTo(DataType.INT64);
        qkvShape = sd.concat(0, batchAndLength,
                sd.constant(Nd4j.createFromArray(3L, config.numAttentionHeads(), (long) config.headSize())));
    }

    /** Builds the body (embeddings, encoder, pooler) for {@code config}; heads are attached afterwards. */
    public static BertGraph build(BertConfig config, Mode mode) {
        BertGraph g = new BertGraph(config, mode);
        SDVariable x = g.embeddings();
        SDVariable adder = g.attentionMaskAdder();
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            x = g.transformerLayer(x, adder, layer);
        }
        g.sequenceOutput = g.sd.reshape(SEQUENCE_OUTPUT, x, g.dynamicShape(config.hiddenSize()));
        g.pooledOutput = g.pooler(g.sequenceOutput);
        return g;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public BertConfig config() {
        return config;
    }

    public Mode mode() {
        return mode;
    }

    public boolean training() {
        return mode == Mode.TRAINING;
    }

    /** {@code [B, T, H]}: the last encoder layer. */
    public SDVariable sequenceOutput() {
        return sequenceOutput;
    }

    /** {@code [B, H]}: tanh(dense(first token)). */
    public SDVariable pooledOutput() {
        return pooledOutput;
    }

    public SDVariable inputIds() {
        return inputIds;
    }

    /** Scalar T (INT64), read from input_ids at run time. */
    SDVariable sequenceLength() {
        return sequenceLength;
    }

    /** Every trainable variable of the body and the attached heads, in creation order. */
    public List<ParameterSpec> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(parameters.values()));
    }

    /**
     * The three body placeholders for one batch, checked against the config (rank, equal shapes, T). Heads add
     * their label placeholders; in TRAINING mode add {@link #dropoutMasks} too.
     */
    public Map<String, INDArray> feed(INDArray ids, INDArray typeIds, INDArray mask) {
        for (INDArray a : List.of(ids, typeIds, mask)) {
            if (a.rank() != 2 || !Arrays.equals(a.shape(), ids.shape())) {
                throw new IllegalArgumentException("input_ids, token_type_ids and input_mask must all be [B, T]; got "
                        + Arrays.toString(ids.shape()) + ", " + Arrays.toString(typeIds.shape()) + ", "
                        + Arrays.toString(mask.shape()));
            }
        }
        if (ids.size(1) > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence length " + ids.size(1) + " exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(INPUT_IDS, ids.castTo(DataType.INT32));
        feed.put(TOKEN_TYPE_IDS, typeIds.castTo(DataType.INT32));
        feed.put(INPUT_MASK, mask.castTo(DataType.INT32));
        return feed;
    }

    /**
     * The feeds SameDiff runs on, with the word vectors of their {@code input_ids} looked up now from the current
     * table (so a table updated by the optimiser is always seen) and set on the {@link #WORD_VECTORS} variable.
     */
    Map<String, INDArray> prepare(Map<String, INDArray> feeds) {
        INDArray ids = feeds.get(INPUT_IDS);
        if (ids == null) {
            throw new IllegalArgumentException("no " + INPUT_IDS + " among the feeds " + feeds.keySet());
        }
        INDArray vectors = WordLookup.gather(sd.getVariable(WORD_EMBEDDINGS).getArr(), WordLookup.ids(ids));
        // not closed afterwards: SameDiff may keep this very array (in the gradient function's holder) or copy it
        sd.getVariable(WORD_VECTORS).setArray(vectors);
        return feeds;
    }

    /** Runs the graph: the named outputs for {@code feeds}, the batch placeholders (word vectors are added here). */
    public Map<String, INDArray> output(Map<String, INDArray> feeds, String... outputs) {
        return sd.output(prepare(feeds), outputs);
    }

    /** {@link #output(Map, String...)} for a list of names. */
    public Map<String, INDArray> output(Map<String, INDArray> feeds, List<String> outputs) {
        return output(feeds, outputs.toArray(String[]::new));
    }

    // ---------------------------------------------------------------- blocks (modeling.py order)

    /** word + token type + position embeddings, LayerNorm, dropout; returns {@code [B*T, H]}. */
    SDVariable embeddings() {
        int h = config.hiddenSize();
        String scope = "bert/embeddings/";
        parameter(WORD_EMBEDDINGS, ParameterSpec.Init.TRUNCATED_NORMAL, null, config.vocabSize(), h);
        SDVariable types = parameter(scope + "token_type_embeddings", ParameterSpec.Init.TRUNCATED_NORMAL, null,
                config.typeVocabSize(), h);
        SDVariable positions = parameter(scope + "position_embeddings", ParameterSpec.Init.TRUNCATED_NORMAL, null,
                config.maxPositionEmbeddings(), h);

        SDVariable wordVectors = sd.var(WORD_VECTORS, Nd4j.zeros(DataType.FLOAT, 1, h));       // [B*T, H]
        SDVariable typeVectors = lookup(sd.reshape(tokenTypeIds, -1), types, config.typeVocabSize());
        // position_embeddings[0:T]: one-hot of 0..T-1 keeps the slice differentiable with a run-time T
        SDVariable positionIds = sd.range(sd.constant(0L), sequenceLength, sd.constant(1L), DataType.INT64);
        SDVariable positionVectors = lookup(positionIds, positions, config.maxPositionEmbeddings()); // [T, H]

        SDVariable summed = sd.reshape(wordVectors.add(typeVectors), dynamicShape(h)).add(positionVectors);
        SDVariable flat = sd.reshape(summed, -1, h);
        return dropout(layerNorm(scope + "LayerNorm", flat), config.hiddenDropoutProb(), this::tokensByHidden);
    }

    /**
     * Multi-head self-attention on {@code [B*T, H]} (modeling.py {@code attention_layer} with from = to):
     * scores {@code QK^T / sqrt(head_size) + adder}, softmax, dropout, times V; returns the context {@code [B*T, H]}.
     */
    SDVariable attentionLayer(SDVariable x, SDVariable maskAdder, String scope) {
        int h = config.hiddenSize();
        // query, key and value as one [H, 3H] product (google's three kernels side by side): one product and one
        // bias add instead of three each, and one permute to heads instead of three
        SDVariable[] kernels = new SDVariable[3];
        SDVariable[] biases = new SDVariable[3];
        for (int i = 0; i < 3; i++) {
            kernels[i] = parameter(scope + QKV.get(i) + "/kernel", ParameterSpec.Init.TRUNCATED_NORMAL, null, h, h);
            biases[i] = parameter(scope + QKV.get(i) + "/bias", ParameterSpec.Init.ZEROS, null, h);
        }
        SDVariable kernel = sd.concat(1, kernels);                                          // [H, 3H]
        SDVariable bias = sd.concat(0, biases);
        SDVariable qkv = sd.mmul(x, kernel).add(bias);                                      // [B*T, 3H]
        SDVariable[] heads = sd.unstack(sd.permute(sd.reshape(qkv, qkvShape), 2, 0, 3, 1, 4), 0, 3);
        SDVariable q = heads[0];                                                            // [B, heads, T, d]
        SDVariable k = heads[1];
        SDVariable v = heads[2];
        SDVariable scores = sd.mmul(q, k, false, true, false)
                .mul(1.0 / Math.sqrt(config.headSize()))
                .add(maskAdder);                                                      // [B, heads, T, T]
        SDVariable probs = dropout(sd.nn().softmax(scores, 3), config.attentionProbsDropoutProb(),
                (b, t) -> new long[]{b, config.numAttentionHeads(), t, t});
        SDVariable context = sd.mmul(probs, v);                                       // [B, heads, T, d]
        return sd.reshape(sd.permute(context, 0, 2, 1, 3), -1, h);
    }

    /** google's names of the three projections, in the order of the fused kernel's column blocks. */
    private static final List<String> QKV = List.of("query", "key", "value");

    /** One encoder layer (modeling.py {@code transformer_model} loop body), post-LayerNorm residuals. */
    SDVariable transformerLayer(SDVariable x, SDVariable maskAdder, int layer) {
        int h = config.hiddenSize();
        String scope = "bert/encoder/layer_" + layer + "/";
        SDVariable context = attentionLayer(x, maskAdder, scope + "attention/self/");
        SDVariable attention = dropout(dense(scope + "attention/output/dense", context, h, h),
                config.hiddenDropoutProb(), this::tokensByHidden);
        attention = layerNorm(scope + "attention/output/LayerNorm", attention.add(x));
        SDVariable intermediate = gelu(dense(scope + "intermediate/dense", attention, h, config.intermediateSize()));
        SDVariable output = dropout(dense(scope + "output/dense", intermediate, config.intermediateSize(), h),
                config.hiddenDropoutProb(), this::tokensByHidden);
        return layerNorm(scope + "output/LayerNorm", output.add(attention));
    }

    /** The pooler's "head" name: a checkpoint may lack it whole (a token classifier's), never in part. */
    public static final String POOLER = "bert/pooler";

    /** {@code tanh(dense(sequence_output[:, 0]))}. */
    SDVariable pooler(SDVariable sequence) {
        int h = config.hiddenSize();
        // [:, 0, :] : begin/end masks on dims 0 and 2 take them whole, shrink mask 2 drops dim 1
        SDVariable first = sd.stridedSlice(sequence, new long[]{0, 0, 0}, new long[]{0, 1, 0}, new long[]{1, 1, 1},
                0b101, 0b101, 0, 0, 0b010);
        // loaded like a head: transformers' BertForTokenClassification has no pooler (add_pooling_layer=False),
        // and transformers itself initialises an absent one, as BertWeights does (and logs)
        return sd.math().tanh(POOLED_OUTPUT, dense("bert/pooler/dense", first, h, h, POOLER));
    }

    /** Mask shape of a {@code [B*T, H]} activation. */
    long[] tokensByHidden(long batch, long length) {
        return new long[]{batch * length, config.hiddenSize()};
    }

    /** {@code [B, 1, 1, T]}: 0 where attended, -10000 at padding. */
    private SDVariable attentionMaskAdder() {
        SDVariable mask = sd.expandDims(sd.expandDims(inputMask.castTo(DataType.FLOAT), 1), 1);
        return mask.rsub(1.0).mul(MASK_ADDER);
    }

    // ---------------------------------------------------------------- building blocks shared with the heads

    /** {@code x · kernel + bias}, kernel {@code [in, out]} named {@code scope/kernel}, bias {@code scope/bias}. */
    SDVariable dense(String scope, SDVariable x, int in, int out) {
        return dense(scope, x, in, out, null);
    }

    SDVariable dense(String scope, SDVariable x, int in, int out, String head) {
        SDVariable kernel = parameter(scope + "/kernel", ParameterSpec.Init.TRUNCATED_NORMAL, head, in, out);
        SDVariable bias = parameter(scope + "/bias", ParameterSpec.Init.ZEROS, head, out);
        // not sd.nn().linear (xw_plus_b): measured slower and larger at BERT-base (results/bench/README.md)
        return sd.mmul(x, kernel).add(bias);
    }

    /** LayerNorm over the last axis of {@code [N, H]} with {@code scope/gamma} and {@code scope/beta}. */
    SDVariable layerNorm(String scope, SDVariable x) {
        return layerNorm(scope, x, null);
    }

    SDVariable layerNorm(String scope, SDVariable x, String head) {
        SDVariable gamma = parameter(scope + "/gamma", ParameterSpec.Init.ONES, head, config.hiddenSize());
        SDVariable beta = parameter(scope + "/beta", ParameterSpec.Init.ZEROS, head, config.hiddenSize());
        return sd.nn().layerNorm(x, gamma, beta, false, 1);
    }

    /**
     * The config's GELU. google's {@code gelu} is {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, computed as the identical
     * {@code x * sigmoid(x (a + b x^2))} with {@code a = 2 sqrt(2/pi)}, {@code b = 0.044715 a}, since
     * {@code (1 + tanh(z)) / 2 = sigmoid(2z)}: five ops instead of eight on the {@code [B*T, intermediate]}
     * activation, one array fewer kept for the backward pass, and a BERT-base step no slower (measured beside the
     * tanh form, results/bench/README.md); the golden tests hold it to torch's tanh form.
     */
    SDVariable gelu(SDVariable x) {
        if (BertConfig.GELU_ERF.equals(config.hiddenAct())) {
            // transformers' exact GELU, x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), for models imported with it
            return x.mul(sd.math().erf(x.mul(Math.sqrt(0.5))).add(1.0)).mul(0.5);
        }
        // x * x, not square(x): square's gradient is the generic pow derivative, ~2x the time of multiply's
        SDVariable slope = x.mul(x).mul(GELU_B).add(GELU_A);
        return x.mul(sd.nn().sigmoid(x.mul(slope)));
    }

    /**
     * Inverted dropout in TRAINING mode: {@code x * mask}, the mask ({@code Bernoulli(keep) / keep}) fed as a
     * placeholder (see {@link #dropoutMasks}); identity otherwise. Not RandomBernoulli: in M2.1 SameDiff that
     * custom op returns the same mask on every call (and the same row pattern within a call), and the built-in
     * dropout ops have no gradient. Feeding the masks also makes a step reproducible from its seed.
     */
    SDVariable dropout(SDVariable x, double rate, MaskShape shape) {
        if (!training() || rate <= 0) {
            return x;
        }
        String name = "dropout_mask_" + dropoutSites.size();
        long[] dynamic = new long[shape.of(1, 1).length];
        Arrays.fill(dynamic, -1);
        SDVariable mask = sd.placeHolder(name, DataType.FLOAT, dynamic);
        dropoutSites.add(new DropoutSite(name, rate, shape));
        return x.mul(mask);
    }

    /** The shape of a dropout mask for a batch of {@code batch} sequences of {@code length} tokens. */
    @FunctionalInterface
    public interface MaskShape {
        long[] of(long batch, long length);
    }

    /** A dropout placeholder of the TRAINING graph. */
    public record DropoutSite(String placeholder, double rate, MaskShape shape) {
    }

    public List<DropoutSite> dropoutSites() {
        return List.copyOf(dropoutSites);
    }

    /**
     * Fresh dropout masks for every site, for a {@code [batch, length]} input: entries are {@code 1/keep} with
     * probability keep, else 0. Deterministic in {@code seed}. Empty in INFERENCE mode.
     */
    public Map<String, INDArray> dropoutMasks(long batch, long length, long seed) {
        Map<String, INDArray> masks = new HashMap<>();
        Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        for (DropoutSite site : dropoutSites) {
            double keep = 1.0 - site.rate();
            INDArray mask = Nd4j.createUninitialized(DataType.FLOAT, site.shape().of(batch, length));
            Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, keep), random);
            masks.put(site.placeholder(), mask.divi(keep));
        }
        return masks;
    }

    /** {@code feeds} (input_ids first among them) plus fresh dropout masks drawn from {@code seed}. */
    public Map<String, INDArray> withDropout(Map<String, INDArray> feeds, long seed) {
        Map<String, INDArray> out = new HashMap<>(feeds);
        long[] bt = feeds.get(INPUT_IDS).shape();
        out.putAll(dropoutMasks(bt[0], bt[1], seed));
        return out;
    }

    /** Frees the dropout masks among {@code feeds} (made by {@link #withDropout} / {@link #withoutDropout}). */
    public void freeDropoutMasks(Map<String, INDArray> feeds) {
        for (DropoutSite site : dropoutSites) {
            SessionMemory.free(feeds.get(site.placeholder()));
        }
    }

    /** {@code feeds} plus all-ones masks: the TRAINING graph evaluated without dropout. */
    public Map<String, INDArray> withoutDropout(Map<String, INDArray> feeds) {
        Map<String, INDArray> out = new HashMap<>(feeds);
        long[] bt = feeds.get(INPUT_IDS).shape();
        for (DropoutSite site : dropoutSites) {
            out.put(site.placeholder(), Nd4j.ones(DataType.FLOAT, site.shape().of(bt[0], bt[1])));
        }
        return out;
    }

    /** {@code oneHot(ids, depth) · table}: an embedding lookup whose gradient sums repeated ids (small tables). */
    SDVariable lookup(SDVariable ids, SDVariable table, int depth) {
        return sd.mmul(sd.oneHot(ids, depth, -1, 1.0, 0.0, DataType.FLOAT), table);
    }

    /** {@code (B, T, last)} as a run-time shape vector. */
    SDVariable dynamicShape(long last) {
        return sd.concat(0, batchAndLength, sd.constant(Nd4j.createFromArray(last)));
    }

    /** {@code -sum(oneHot(labels) * log_softmax(logits))} per row of {@code [N, classes]}: {@code [N]}. */
    SDVariable crossEntropyPerRow(SDVariable logits, SDVariable labels, int classes) {
        SDVariable oneHot = sd.oneHot(sd.reshape(labels, -1), classes, -1, 1.0, 0.0, DataType.FLOAT);
        // logSoftmax(x) without a dimension: the M2.1 op with an explicit dimension cannot be cloned into the grad function
        return sd.nn().logSoftmax(logits).mul(oneHot).sum(1).neg();
    }

    /** Creates (once) the variable {@code name}, registered for {@link BertWeights}. */
    SDVariable parameter(String name, ParameterSpec.Init init, String head, long... shape) {
        if (parameters.containsKey(name)) {
            throw new IllegalStateException("variable " + name + " created twice");
        }
        parameters.put(name, new ParameterSpec(name, shape, init, head));
        return sd.var(name, Nd4j.zeros(DataType.FLOAT, shape));
    }

    /** Looks up an existing variable, e.g. the word embeddings the MLM head ties its output to. */
    SDVariable variable(String name) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException("no variable " + name);
        }
        return sd.getVariable(name);
    }
}
