package org.clinicalbert.tools.tfckpt;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

import java.util.ArrayList;
import java.util.List;

/** Saves and restores tensors with TensorFlow's own SaveV2 / RestoreV2 kernels. */
final class TfBundleIo {

    private TfBundleIo() {
    }

    static void save(String prefix, List<NamedTensor> tensors) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Operand<?>> values = new ArrayList<>();
            for (NamedTensor t : tensors) {
                Shape shape = Shape.of(t.shape());
                if (t.isFloat()) {
                    values.add(tf.constant(shape, DataBuffers.of(t.floats(), true, false)));
                } else if (t.isString()) {
                    values.add(tf.constant(NdArrays.wrap(shape, DataBuffers.ofObjects(t.strings()))));
                } else {
                    values.add(tf.constant(NdArrays.wrap(shape, DataBuffers.of(t.longs(), true, false))));
                }
            }
            s.runner().addTarget(tf.train.save(tf.constant(prefix), names(tf, tensors), emptySlices(tf, tensors.size()), values)).run();
        }
    }

    /** Restores every tensor from the checkpoint and throws if any value, shape or dtype differs. */
    static void verify(String prefix, List<NamedTensor> expected) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Class<? extends TType>> dtypes = new ArrayList<>();
            for (NamedTensor t : expected) {
                dtypes.add(t.isFloat() ? TFloat32.class : t.isString() ? TString.class : TInt64.class);
            }
            Restore restore = tf.train.restore(tf.constant(prefix), names(tf, expected), emptySlices(tf, expected.size()), dtypes);
            Session.Runner runner = s.runner();
            for (Output<?> o : restore.tensors()) {
                runner.fetch(o);
            }
            try (Result result = runner.run()) {
                for (int i = 0; i < expected.size(); i++) {
                    compare(expected.get(i), result.get(i), prefix);
                }
            }
        }
    }

    private static void compare(NamedTensor want, org.tensorflow.Tensor got, String prefix) {
        if (!got.shape().equals(Shape.of(want.shape()))) {
            throw new IllegalStateException(prefix + ": " + want.name() + " restored with shape " + got.shape());
        }
        if (want.isFloat()) {
            float[] v = new float[want.length()];
            ((TFloat32) got).copyTo(DataBuffers.of(v, false, false));
            for (int k = 0; k < v.length; k++) {
                if (Float.floatToRawIntBits(v[k]) != Float.floatToRawIntBits(want.floats()[k])) {
                    throw new IllegalStateException(prefix + ": " + want.name() + "[" + k + "] restored as " + v[k]
                            + ", saved " + want.floats()[k]);
                }
            }
        } else if (want.isString()) {
            List<String> v = new ArrayList<>();
            ((TString) got).scalars().forEach(x -> v.add(x.getObject()));
            if (!v.equals(java.util.Arrays.asList(want.strings()))) {
                throw new IllegalStateException(prefix + ": " + want.name() + " restored as " + v);
            }
        } else {
            long[] v = new long[want.length()];
            ((TInt64) got).copyTo(DataBuffers.of(v, false, false));
            for (int k = 0; k < v.length; k++) {
                if (v[k] != want.longs()[k]) {
                    throw new IllegalStateException(prefix + ": " + want.name() + "[" + k + "] restored as " + v[k]);
                }
            }
        }
    }

    private static Operand<org.tensorflow.types.TString> names(Ops tf, List<NamedTensor> tensors) {
        return tf.constant(NdArrays.vectorOfObjects(tensors.stream().map(NamedTensor::name).toArray(String[]::new)));
    }

    /** "" for each tensor: save / restore whole tensors, not slices. */
    private static Operand<org.tensorflow.types.TString> emptySlices(Ops tf, int n) {
        String[] s = new String[n];
        java.util.Arrays.fill(s, "");
        return tf.constant(NdArrays.vectorOfObjects(s));
    }
}
