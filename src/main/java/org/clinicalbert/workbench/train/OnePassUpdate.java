package org.clinicalbert.workbench.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * google's AdamWeightDecay update (optimization.py) for every parameter in one pass over memory: per element the
 * clipped gradient, both moments, the update with decay, and the new parameter, read and written once, in the
 * parameter's own type and in TF's order of operations.
 *
 * <p>Written here because ND4J has no op for it: its {@code adam_updater} bias-corrects (undone only by an
 * iteration so large the powers underflow) and leaves clipping, decay and the parameter update to three more
 * passes over the 110M parameters of BERT-base; those five passes were 0.55 s of a 8 s step, about twice the
 * memory traffic of this one. The loop runs in Java on the arrays' native buffers (no copy), split into chunks
 * that run on the common fork-join pool.
 */
final class OnePassUpdate {

    /** Elements per task: large enough that scheduling is negligible, small enough to balance two cores. */
    private static final int CHUNK = 1 << 20;

    /** The constants of one step, as TF holds them (float32 tensors for a float model). */
    record Constants(double beta1, double beta2, double epsilon, double learningRate, double gradientScale) {
    }

    /** One parameter: its arrays and whether it decays. */
    record Slot(INDArray param, INDArray grad, INDArray m, INDArray v, double weightDecay) {
    }

    private record Range(Slot slot, int from, int to) {
    }

    private OnePassUpdate() {
    }

    /** Whether {@code a} is a whole C-order float or double array that this update can walk as a flat buffer. */
    static boolean accepts(INDArray a, DataType type) {
        return a.dataType() == type && (type == DataType.FLOAT || type == DataType.DOUBLE) && !a.isView()
                && a.ordering() == 'c' && a.elementWiseStride() == 1 && a.length() < Integer.MAX_VALUE;
    }

    static void apply(List<Slot> slots, Constants c) {
        List<Range> ranges = new ArrayList<>();
        for (Slot s : slots) {
            int n = (int) s.param().length();
            for (int from = 0; from < n; from += CHUNK) {
                ranges.add(new Range(s, from, Math.min(n, from + CHUNK)));
            }
        }
        IntStream.range(0, ranges.size()).parallel().forEach(i -> run(ranges.get(i), c));
    }

    private static void run(Range r, Constants c) {
        Slot s = r.slot();
        if (s.param().dataType() == DataType.FLOAT) {
            floats(s.param().data().asNioFloat(), s.grad().data().asNioFloat(), s.m().data().asNioFloat(),
                    s.v().data().asNioFloat(), r.from(), r.to(), c, s.weightDecay());
        } else {
            doubles(s.param().data().asNioDouble(), s.grad().data().asNioDouble(), s.m().data().asNioDouble(),
                    s.v().data().asNioDouble(), r.from(), r.to(), c, s.weightDecay());
        }
    }

    // TF: grad * scale; next_m = b1*m + (1-b1)*grad; next_v = b2*v + (1-b2)*grad^2;
    // update = next_m / (sqrt(next_v) + eps) [+ decay * param]; param - lr * update
    private static void floats(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to,
                               Constants c, double weightDecay) {
        float scale = (float) c.gradientScale();
        float b1 = (float) c.beta1();
        float ob1 = (float) (1.0 - c.beta1());
        float b2 = (float) c.beta2();
        float ob2 = (float) (1.0 - c.beta2());
        float eps = (float) c.epsilon();
        float lr = (float) c.learningRate();
        float wd = (float) weightDecay;
        boolean clip = c.gradientScale() != 1.0;
        boolean decay = weightDecay != 0;
        for (int i = from; i < to; i++) {
            float gi = clip ? g.get(i) * scale : g.get(i);
            float mi = b1 * m.get(i) + ob1 * gi;
            float vi = b2 * v.get(i) + ob2 * (gi * gi);
            float pi = p.get(i);
            float update = mi / ((float) Math.sqrt(vi) + eps);
            if (decay) {
                update += wd * pi;
            }
            m.put(i, mi);
            v.put(i, vi);
            p.put(i, pi - lr * update);
        }
    }

    private static void doubles(DoubleBuffer p, DoubleBuffer g, DoubleBuffer m, DoubleBuffer v, int from, int to,
                                Constants c, double weightDecay) {
        double scale = c.gradientScale();
        double ob1 = 1.0 - c.beta1();
        double ob2 = 1.0 - c.beta2();
        boolean clip = scale != 1.0;
        boolean decay = weightDecay != 0;
        for (int i = from; i < to; i++) {
            double gi = clip ? g.get(i) * scale : g.get(i);
            double mi = c.beta1() * m.get(i) + ob1 * gi;
            double vi = c.beta2() * v.get(i) + ob2 * (gi * gi);
            double pi = p.get(i);
            double update = mi / (Math.sqrt(vi) + c.epsilon());
            if (decay) {
                update += weightDecay * pi;
            }
            m.put(i, mi);
            v.put(i, vi);
            p.put(i, pi - c.learningRate() * update);
        }
    }
}
