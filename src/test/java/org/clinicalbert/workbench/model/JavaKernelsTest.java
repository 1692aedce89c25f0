package org.clinicalbert.workbench.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sgemm products of {@link JavaKernels} against libnd4j's own matmul and matmul_bp, every transpose. */
class JavaKernelsTest {

    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void productAndItsGradientsMatchLibnd4j(boolean tx, boolean ty) {
        Nd4j.getRandom().setSeed(11);
        // op(x) is [5, 3], op(y) is [3, 4]
        INDArray x = tx ? Nd4j.randn(DataType.FLOAT, 3, 5) : Nd4j.randn(DataType.FLOAT, 5, 3);
        INDArray y = ty ? Nd4j.randn(DataType.FLOAT, 4, 3) : Nd4j.randn(DataType.FLOAT, 3, 4);
        INDArray g = Nd4j.randn(DataType.FLOAT, 5, 4);
        MMulTranspose t = MMulTranspose.builder().transposeA(tx).transposeB(ty).build();

        INDArray expected = Nd4j.create(DataType.FLOAT, 5, 4);
        Nd4j.exec(new Mmul(x, y, expected, t));
        INDArray z = Nd4j.create(DataType.FLOAT, 5, 4);
        Mmul ours = new Mmul(x, y, z, t);
        assertTrue(JavaKernels.tryRun(ours, context(ours)));
        assertEquals(0.0, z.sub(expected).amaxNumber().doubleValue(), 1e-5);

        INDArray edx = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray edy = Nd4j.create(DataType.FLOAT, y.shape());
        Nd4j.exec(new MmulBp(x, y, g, edx, edy, t));
        INDArray dx = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dy = Nd4j.create(DataType.FLOAT, y.shape());
        MmulBp bp = new MmulBp(x, y, g, dx, dy, t);
        assertTrue(JavaKernels.tryRun(bp, context(bp)));
        assertEquals(0.0, dx.sub(edx).amaxNumber().doubleValue(), 1e-5, "dx");
        assertEquals(0.0, dy.sub(edy).amaxNumber().doubleValue(), 1e-5, "dy");
    }

    private static OpContext context(DynamicCustomOp op) {
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(op.inputArguments());
        c.setOutputArrays(op.outputArguments());
        c.setIArguments(op.iArgs());
        c.setTArguments(op.tArgs());
        return c;
    }
}
