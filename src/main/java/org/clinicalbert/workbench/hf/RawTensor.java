package org.clinicalbert.workbench.hf;

import org.clinicalbert.workbench.io.InputFormatException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor as a Hugging Face weights file holds it: its name there, element type, shape and the contiguous
 * little-endian bytes (already checked to be exactly {@code numElements * dtype size} long).
 *
 * @param source the file it came from, for error messages
 */
public record RawTensor(String name, HfDtype dtype, long[] shape, ByteBuffer data, Path source) {

    public RawTensor {
        shape = shape.clone();
        data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long numElements() {
        return numElements(shape);
    }

    static long numElements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The values as a float32 array of this shape; float16/bfloat16 are widened, other dtypes refused by name. */
    public INDArray toFloat() {
        if (!dtype.loadable()) {
            throw new InputFormatException(source, "tensor " + name, "unsupported dtype " + dtype
                    + " (supported: F32, F16 and BF16, which is converted to float32)");
        }
        long n = numElements();
        if (n > Integer.MAX_VALUE) {
            throw new InputFormatException(source, "tensor " + name, "tensor too large: " + n + " elements");
        }
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = dtype.readFloat(data, i);
        }
        // a scalar has shape []; Nd4j wants a rank-0 array for that
        return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
