package org.clinicalbert.workbench.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.clinicalbert.workbench.bench.ProfileCategory.ATTENTION;
import static org.clinicalbert.workbench.bench.ProfileCategory.DROPOUT_RESIDUAL;
import static org.clinicalbert.workbench.bench.ProfileCategory.EMBEDDINGS;
import static org.clinicalbert.workbench.bench.ProfileCategory.FRAMEWORK_OVERHEAD;
import static org.clinicalbert.workbench.bench.ProfileCategory.GELU;
import static org.clinicalbert.workbench.bench.ProfileCategory.LAYER_NORM;
import static org.clinicalbert.workbench.bench.ProfileCategory.LAYOUT;
import static org.clinicalbert.workbench.bench.ProfileCategory.LOSS;
import static org.clinicalbert.workbench.bench.ProfileCategory.OPTIMIZER;
import static org.clinicalbert.workbench.bench.ProfileCategory.OTHER;
import static org.clinicalbert.workbench.bench.ProfileCategory.PRODUCTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grouping on op lists written by hand after what each side reported for the tiny model (hidden 64,
 * intermediate 128, 4 heads; SameDiff's names and shapes from OpTimeListener at batch 2 x 8, torch's from
 * torch.profiler at batch 8 x 128).
 */
class ProfileCategoryTest {

    private static final ProfileCategory.Dimensions TINY =
            ProfileCategory.Dimensions.of(BertBenchSize.TINY.config(), 3);

    @Test
    void sameDiffOpsByNameAndShape() {
        // dense products (rank 2) against attention's (both operands [B, heads, T, d])
        assertEquals(PRODUCTS, of("matmul", s(16, 64), s(64, 64)));
        assertEquals(PRODUCTS, of("matmul_bp", s(16, 64), s(64, 128), s(16, 128)));
        assertEquals(ATTENTION, of("matmul", s(2, 4, 8, 16), s(2, 4, 8, 16)));
        assertEquals(ATTENTION, of("matmul_bp", s(2, 4, 8, 8), s(2, 4, 8, 16), s(2, 4, 8, 16)));
        // the position (512 rows) and token-type (2 rows) lookups are one-hot products with the table
        assertEquals(EMBEDDINGS, of("matmul", s(8, 512), s(512, 64)));
        assertEquals(EMBEDDINGS, of("matmul_bp", s(16, 2), s(2, 64), s(16, 64)));
        assertEquals(EMBEDDINGS, of("onehot", s(16)));
        // attention's elementwise work: scale, mask add, softmax, probability dropout
        assertEquals(ATTENTION, of("mul_scalar", s(2, 4, 8, 8)));
        assertEquals(ATTENTION, of("add_bp", s(2, 4, 8, 8), s(2, 1, 1, 8), s(2, 4, 8, 8)));
        assertEquals(ATTENTION, of("softmax_bp", s(2, 4, 8, 8), s(2, 4, 8, 8)));
        assertEquals(ATTENTION, of("multiply", s(2, 4, 8, 8), s(2, 4, 8, 8)));
        assertEquals(LAYER_NORM, of("layer_norm_bp", s(16, 64), s(64), s(64), s(16, 64)));
        // GELU: its nonlinearity and its elementwise chain on the intermediate width; the bias add is not GELU's
        assertEquals(GELU, of("sigmoid_bp", s(16, 128), s(16, 128)));
        assertEquals(GELU, of("_powderivative", s(16, 128)));
        assertEquals(GELU, of("multiply_bp", s(16, 128), s(16, 128), s(16, 128)));
        assertEquals(DROPOUT_RESIDUAL, of("add", s(16, 128), s(128)));
        assertEquals(DROPOUT_RESIDUAL, of("add_bp", s(16, 64), s(64), s(16, 64)));
        // dropout and residual on the hidden width
        assertEquals(DROPOUT_RESIDUAL, of("multiply_bp", s(16, 64), s(16, 64), s(16, 64)));
        assertEquals(DROPOUT_RESIDUAL, of("add", s(16, 64), s(16, 64)));
        // the loss: log-softmax, the ops on the [B, labels] logits, the mean over the batch
        assertEquals(LOSS, of("log_softmax_bp", s(2, 3), s(2, 3)));
        assertEquals(LOSS, of("reduce_sum", s(2, 3)));
        assertEquals(LOSS, of("reduce_mean", s(2)));
        assertEquals(LAYOUT, of("permute", s(2, 8, 4, 16)));
        assertEquals(LAYOUT, of("reshape", s(16, 64), s(4)));
        // the pooler's tanh is not GELU
        assertEquals(OTHER, of("tanh_bp", s(2, 64), s(2, 64)));
        assertEquals(OTHER, of("some_new_op", s(16, 64)));
    }

    @Test
    void torchOpsGroupedTheSameWay() {
        assertEquals(PRODUCTS, of("aten::addmm", s(64), s(1024, 64), s(64, 64), s(), s()));
        assertEquals(PRODUCTS, of("aten::mm", s(1024, 128), s(128, 64)));
        assertEquals(PRODUCTS, of("aten::linear", s(8, 128, 64), s(64, 64), s(64)));
        assertEquals(ATTENTION, of("aten::bmm", s(32, 128, 16), s(32, 16, 128)));
        assertEquals(ATTENTION, of("aten::matmul", s(8, 4, 128, 16), s(8, 4, 16, 128)));
        assertEquals(ATTENTION, of("aten::_softmax_backward_data", s(8, 4, 128, 128), s(8, 4, 128, 128), s(), s()));
        assertEquals(ATTENTION, of("aten::div", s(8, 4, 128, 128), s()));
        assertEquals(ATTENTION, of("aten::bernoulli_", s(8, 4, 128, 128), s(), s()));
        assertEquals(LAYER_NORM, of("aten::native_layer_norm_backward", s(8, 128, 64), s(8, 128, 64), s()));
        assertEquals(GELU, of("aten::tanh", s(8, 128, 128)));
        assertEquals(GELU, of("aten::pow", s(8, 128, 128), s()));
        assertEquals(GELU, of("aten::mul", s(8, 128, 128), s()));
        // the bias gradients' sums, dropout and the residual adds
        assertEquals(DROPOUT_RESIDUAL, of("aten::sum", s(1024, 128), s(), s(), s()));
        assertEquals(DROPOUT_RESIDUAL, of("aten::bernoulli_", s(8, 128, 64), s(), s()));
        assertEquals(DROPOUT_RESIDUAL, of("aten::add", s(8, 128, 64), s(8, 128, 64), s()));
        assertEquals(LOSS, of("aten::nll_loss_backward", s(), s(8, 3), s(8)));
        assertEquals(LOSS, of("aten::_log_softmax", s(8, 3), s(), s()));
        assertEquals(EMBEDDINGS, of("aten::embedding_dense_backward", s(8, 128, 64), s(8, 128)));
        assertEquals(EMBEDDINGS, of("aten::index_select", s(1000, 64), s(), s(1024)));
        assertEquals(LAYOUT, of("aten::copy_", s(8, 4, 128, 16), s(8, 4, 128, 16), s()));
        // the autograd engine's nodes are the framework's bookkeeping
        assertEquals(FRAMEWORK_OVERHEAD, of("autograd::engine::evaluate_function: AddmmBackward0"));
        assertEquals(FRAMEWORK_OVERHEAD, of("AddmmBackward0"));
        // whatever runs inside the optimizer block is the optimizer's, the block's own time included
        assertEquals(OPTIMIZER, TINY.categoryOf(new OpKind("aten::sqrt", List.of(s(64, 64)), "optimizer")));
        assertEquals(OPTIMIZER, TINY.categoryOf(new OpKind("optimizer", List.of(), "optimizer")));
    }

    @Test
    void categoriesAddUpToTheWallTimeAndOverheadIsWhatOpsLeave() {
        // two steps of 5 s: 3 + 1 s of products and attention, 2 s of optimizer outside the ops
        List<OpTime> ops = List.of(
                new OpTime(new OpKind("matmul", List.of(s(16, 64), s(64, 64)), null), 3.0, 40),
                new OpTime(new OpKind("matmul", List.of(s(2, 4, 8, 16), s(2, 4, 8, 16)), null), 1.0, 8),
                new OpTime(new OpKind("layer_norm", List.of(s(16, 64), s(64), s(64)), null), 0.5, 12));
        CategoryProfile p = CategoryProfile.of(TINY, ops, 2, 10.0, 2.0);
        assertEquals(5.0, p.wallSeconds());
        assertEquals(1.5, p.seconds().get(PRODUCTS));
        assertEquals(0.5, p.seconds().get(ATTENTION));
        assertEquals(0.25, p.seconds().get(LAYER_NORM));
        assertEquals(1.0, p.seconds().get(OPTIMIZER));
        assertEquals(0.0, p.seconds().get(GELU));
        // (10 - 3 - 1 - 0.5 - 2) / 2 steps
        assertEquals(1.75, p.overheadSeconds(), 1e-12);
        assertEquals(30, p.opsPerStep());
        assertEquals(1.75 / 30, p.overheadPerOpSeconds(), 1e-12);
        assertEquals(p.wallSeconds(), p.seconds().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    }

    @Test
    void torchAutogradNodesAndOptimizerOpsAreNotCountedAsOps() {
        List<OpTime> ops = new ArrayList<>(List.of(
                new OpTime(new OpKind("aten::mm", List.of(s(1024, 64), s(64, 64)), null), 2.0, 10),
                new OpTime(new OpKind("autograd::engine::evaluate_function: MmBackward0", List.of(), null), 0.5, 5),
                new OpTime(new OpKind("aten::mul", List.of(s(64, 64), s()), "optimizer"), 1.0, 100)));
        CategoryProfile p = CategoryProfile.of(TINY, ops, 1, 4.0, 0);
        assertEquals(10, p.opsPerStep());
        assertEquals(1.0, p.seconds().get(OPTIMIZER));
        // what no event covers (0.5 s) plus the autograd engine's own events (0.5 s)
        assertEquals(1.0, p.overheadSeconds(), 1e-12);
        String md = CategoryProfile.sideBySide(p, p);
        assertTrue(md.contains("| products (dense matmuls) | 2.000 | 2.000 | +0.000 |"), md);
        assertTrue(md.contains("| ops per step | 10 | 10 | +0 |"), md);
        assertTrue(CategoryProfile.sideBySide(p, null).contains("| framework overhead | 1.000 | - | - |"));
    }

    private static ProfileCategory of(String op, List<Long>... shapes) {
        return TINY.categoryOf(new OpKind(op, Arrays.asList(shapes), null));
    }

    private static List<Long> s(long... dims) {
        return Arrays.stream(dims).boxed().toList();
    }
}
