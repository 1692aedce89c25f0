package org.clinicalbert.workbench.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * TensorFlow's {@code truncated_normal}: normal samples, any beyond two standard deviations redrawn. Written
 * here (a few lines) because ND4J's initialisers have no truncated scheme and its random op is not seedable
 * per variable.
 */
final class TruncatedNormal {

    private TruncatedNormal() {
    }

    static INDArray sample(long[] shape, double stddev, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            double z;
            do {
                z = random.nextGaussian();
            } while (Math.abs(z) > 2.0);
            values[i] = (float) (z * stddev);
        }
        return Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT);
    }
}
