package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.model.BertConfig;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a BERT step's time goes, in groups both frameworks share, and the one mapping from an op (SameDiff's
 * {@code matmul_bp}, torch's {@code aten::addmm}) to its group. One table of names serves both sides, so the
 * workbench and PyTorch are grouped the same way; what a name alone cannot tell is read from the op's input shapes:
 * <ul>
 *   <li>a product of two batched operands (both rank >= 3: {@code matmul} on {@code [B, heads, T, d]}, torch's
 *       {@code bmm}) is attention's QK^T or PV; a product with a position or token-type table (the workbench's
 *       one-hot lookups) is the embeddings'; every other product is a dense layer;</li>
 *   <li>any other op on a rank-4 array (the {@code [B, heads, T, T]} scores) is attention: scale, mask add,
 *       softmax, attention-probability dropout;</li>
 *   <li>an elementwise op on the intermediate width is GELU's chain, except a bias add (a rank-1 second
 *       input) and torch's bias-gradient sums, which count with dropout/residual;</li>
 *   <li>ops on the logits (last dimension = the number of labels) are the loss's.</li>
 * </ul>
 * {@link #FRAMEWORK_OVERHEAD} is not an op group: it is what the step's wall time leaves after every op's time
 * ({@link CategoryProfile}); torch's autograd-engine events (the nodes that call the backward ops) count there too,
 * as SameDiff's bookkeeping between its ops does.
 */
public enum ProfileCategory {
    PRODUCTS("products (dense matmuls)"),
    ATTENTION("attention (QK^T/PV, softmax, mask, scale, dropout)"),
    LAYER_NORM("LayerNorm"),
    GELU("GELU"),
    DROPOUT_RESIDUAL("dropout/residual/bias"),
    LAYOUT("layout (reshape, permute, copies)"),
    LOSS("loss"),
    OPTIMIZER("optimizer"),
    EMBEDDINGS("embeddings/lookup"),
    FRAMEWORK_OVERHEAD("framework overhead"),
    OTHER("other");

    /** The torch script's record_function block around the optimizer step. */
    public static final String OPTIMIZER_SCOPE = "optimizer";

    private static final Pattern AUTOGRAD_NODE = Pattern.compile("autograd::.*|[A-Za-z0-9_]+Backward\\d*");
    private static final Set<String> PRODUCT_OPS = Set.of("matmul", "matmul_bp", "mmul", "mmul_bp", "tensormmul",
            "tensormmul_bp", "xw_plus_b", "xw_plus_b_bp", "mm", "addmm", "bmm", "baddbmm", "linear");
    private static final Set<String> LOSS_OPS = Set.of("log_softmax", "log_softmax_bp", "_log_softmax",
            "_log_softmax_backward_data", "nll_loss", "nll_loss_forward", "nll_loss_backward", "nll_loss_nd",
            "nll_loss2d", "cross_entropy_loss", "softmax_cross_entropy_loss_with_logits",
            "softmax_cross_entropy_loss_with_logits_grad", "sparse_softmax_cross_entropy_loss_with_logits",
            "sparse_softmax_cross_entropy_loss_with_logits_grad");
    /** Reductions to the batch's loss: only on arrays of rank <= 1 (per-example losses). */
    private static final Set<String> LOSS_REDUCTIONS = Set.of("reduce_mean", "reduce_mean_bp", "neg", "mean");
    private static final Set<String> EMBEDDING_OPS = Set.of("embedding", "embedding_backward",
            "embedding_dense_backward", "index_select", "onehot", "gather", "gather_bp", "scatter_add");
    private static final Set<String> LAYER_NORM_OPS = Set.of("layer_norm", "layer_norm_bp", "native_layer_norm",
            "native_layer_norm_backward", "standardize", "standardize_bp");
    private static final Set<String> LAYOUT_OPS = Set.of("permute", "reshape", "transpose", "concat",
            "expand_dims", "squeeze", "unsqueeze", "strided_slice", "strided_slice_bp", "shape_of", "size_at",
            "cast", "range", "view", "_unsafe_view", "t", "copy_", "clone", "contiguous", "expand", "as_strided",
            "slice", "select", "cat", "_to_copy", "to", "empty", "empty_like", "empty_strided", "zeros",
            "zeros_like", "ones_like", "detach", "alias", "split", "unbind", "narrow", "resolve_conj", "fill_",
            "zero_", "reshape_alias", "_reshape_alias", "new_empty_strided", "lift_fresh");
    private static final Set<String> ACTIVATION_OPS = Set.of("gelu", "gelu_backward", "tanh", "tanh_bp",
            "tanh_backward", "sigmoid", "sigmoid_bp", "sigmoid_backward", "pow", "pow_bp", "square",
            "_powderivative", "erf", "exp");
    private static final Set<String> BIAS_GRADIENT_OPS = Set.of("sum");
    private static final Set<String> ELEMENTWISE_OPS = Set.of("add", "add_", "add_bp", "add_scalar", "sub", "sub_",
            "rsub", "rsub_scalar", "subtract", "subtract_bp", "mul", "mul_", "mul_scalar", "multiply",
            "multiply_bp", "div", "div_", "divide", "divide_bp", "bernoulli", "bernoulli_", "dropout",
            "native_dropout", "native_dropout_backward", "reduce_sum", "reduce_sum_bp", "biasadd", "biasadd_bp",
            "addcmul_", "sum", "neg");

    private final String label;

    ProfileCategory(String label) {
        this.label = label;
    }

    /** For tables: what the group holds. */
    public String label() {
        return label;
    }

    /** The JSON key: {@code layer_norm}, {@code framework_overhead}, ... */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The sizes that tell ops apart where their names do not.
     *
     * @param labels the classifier's output width (the logits' last dimension)
     */
    public record Dimensions(long hidden, long intermediate, long maxPositions, long typeVocab, long labels) {

        public static Dimensions of(BertConfig config, int labels) {
            return new Dimensions(config.hiddenSize(), config.intermediateSize(), config.maxPositionEmbeddings(),
                    config.typeVocabSize(), labels);
        }

        /** The group of {@code kind}, whichever framework ran it. */
        public ProfileCategory categoryOf(OpKind kind) {
            if (OPTIMIZER_SCOPE.equals(kind.scope())) {
                return OPTIMIZER;
            }
            if (AUTOGRAD_NODE.matcher(kind.op()).matches()) {
                return FRAMEWORK_OVERHEAD;
            }
            String op = kind.op().startsWith("aten::") ? kind.op().substring("aten::".length()) : kind.op();
            if (LOSS_OPS.contains(op)) {
                return LOSS;
            }
            if (EMBEDDING_OPS.contains(op)) {
                return EMBEDDINGS;
            }
            if (PRODUCT_OPS.contains(op)) {
                return product(kind);
            }
            if (LAYER_NORM_OPS.contains(op)) {
                return LAYER_NORM;
            }
            if (LAYOUT_OPS.contains(op)) {
                return LAYOUT;
            }
            if (kind.rank(0) == 4) {
                return ATTENTION;
            }
            if (kind.lastDimension(0) == labels || LOSS_REDUCTIONS.contains(op) && kind.rank(0) <= 1) {
                return LOSS;
            }
            if (ACTIVATION_OPS.contains(op)) {
                return kind.lastDimension(0) == intermediate ? GELU : OTHER;
            }
            if (ELEMENTWISE_OPS.contains(op)) {
                boolean bias = kind.rank(1) == 1 || BIAS_GRADIENT_OPS.contains(op);
                return !bias && kind.lastDimension(0) == intermediate ? GELU : DROPOUT_RESIDUAL;
            }
            return OTHER;
        }

        private ProfileCategory product(OpKind kind) {
            if (kind.rank(0) >= 3 && kind.rank(1) >= 3) {
                return ATTENTION;
            }
            // the workbench looks positions and token types up as one-hot rows times the table
            if (kind.rank(1) == 2 && kind.lastDimension(1) == hidden) {
                long rows = kind.inputShapes().get(1).get(0);
                if (rows == maxPositions || rows == typeVocab) {
                    return EMBEDDINGS;
                }
            }
            return PRODUCTS;
        }
    }
}
