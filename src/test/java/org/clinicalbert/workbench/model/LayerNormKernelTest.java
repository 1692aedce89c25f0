package org.clinicalbert.workbench.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNorm;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNormBp;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java LayerNorm against libnd4j's own {@code layer_norm}/{@code layer_norm_bp} (independent code, no epsilon:
 * equal to ours within float rounding for rows whose variance is far above 1e-12), on more rows than one task
 * takes, with a constant row (normalised to beta, gradient 0) and rows of very different scales.
 */
class LayerNormKernelTest {

    private static final int N = 150;
    private static final int H = 48;

    @Test
    void forwardAndGradientsMatchLibnd4j() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, N, H);
        x.getRow(3).assign(2.5);                                   // constant row
        x.getRow(10).muli(1e3);
        x.getRow(11).muli(1e-3);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, H).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, H);
        INDArray dy = Nd4j.randn(DataType.FLOAT, N, H);

        INDArray expectedY = Nd4j.create(DataType.FLOAT, N, H);
        Nd4j.exec(new LayerNorm(x, gamma, beta, expectedY, false, 1));
        INDArray y = Nd4j.create(DataType.FLOAT, N, H);
        LayerNormKernel.forward(x, gamma, beta, y);
        assertEquals(0.0, y.sub(expectedY).amaxNumber().doubleValue(), 2e-5);
        assertEquals(0.0, y.getRow(3).sub(beta).amaxNumber().doubleValue(), 0.0, "a constant row gives beta");

        INDArray edx = Nd4j.create(DataType.FLOAT, N, H);
        INDArray edg = Nd4j.create(DataType.FLOAT, H);
        INDArray edb = Nd4j.create(DataType.FLOAT, H);
        Nd4j.exec(new LayerNormBp(x, gamma, beta, dy, edx, edg, edb, false, 1));
        INDArray dx = Nd4j.create(DataType.FLOAT, N, H);
        INDArray dg = Nd4j.create(DataType.FLOAT, H);
        INDArray db = Nd4j.create(DataType.FLOAT, H);
        LayerNormKernel.backward(x, gamma, dy, dx, dg, db);
        // row 3 is constant: libnd4j's standardisation divides 0 by 0 there; ours (epsilon) gives 0 like TF
        INDArray rows = Nd4j.createFromArray(java.util.stream.IntStream.range(0, N).filter(r -> r != 3).toArray());
        assertEquals(0.0, dx.get(rows).sub(edx.get(rows)).amaxNumber().doubleValue(), 1e-3 * edx.amaxNumber().doubleValue());
        assertEquals(0.0, db.sub(edb).amaxNumber().doubleValue(), 1e-4);
        // there TF's epsilon makes 1/std 1e6: large but finite, where the standardisation gives NaN
        assertTrue(Double.isFinite(dx.getRow(3).amaxNumber().doubleValue()), "finite for a constant row");
        // gamma's gradient: sum over rows of dy * xhat, the constant row contributing 0 on both sides
        assertEquals(0.0, dg.sub(edg).amaxNumber().doubleValue(), 1e-4 * edg.amaxNumber().doubleValue() + 1e-4);
    }

    @Test
    void theSessionRunsItForTheBertLayoutAndLeavesOtherLayoutsToLibnd4j() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 8);
        INDArray gamma = Nd4j.ones(DataType.FLOAT, 8);
        INDArray beta = Nd4j.zeros(DataType.FLOAT, 8);
        INDArray y = Nd4j.create(DataType.FLOAT, 4, 8);
        LayerNorm op = new LayerNorm(x, gamma, beta, y, false, 1);
        assertTrue(JavaKernels.tryRun(op, context(op)));
        INDArray mean = y.mean(1);
        assertEquals(0.0, mean.amaxNumber().doubleValue(), 1e-6);

        INDArray x3 = Nd4j.randn(DataType.FLOAT, 2, 4, 8);         // rank 3: not the BERT graph's layout
        LayerNorm rank3 = new LayerNorm(x3, gamma, beta, Nd4j.create(DataType.FLOAT, 2, 4, 8), false, 2);
        assertFalse(JavaKernels.tryRun(rank3, context(rank3)));
        INDArray d = Nd4j.randn(DataType.DOUBLE, 4, 8);
        LayerNorm doubles = new LayerNorm(d, gamma.castTo(DataType.DOUBLE), beta.castTo(DataType.DOUBLE),
                Nd4j.create(DataType.DOUBLE, 4, 8), false, 1);
        assertFalse(JavaKernels.tryRun(doubles, context(doubles)));
    }

    private static OpContext context(org.nd4j.linalg.api.ops.DynamicCustomOp op) {
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(op.inputArguments());
        c.setOutputArrays(op.outputArguments());
        c.setIArguments(op.iArgs());
        return c;
    }
}
