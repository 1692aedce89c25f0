package org.clinicalbert.tools.tfckpt;

/** One tensor as the tensors JSON describes it: float32, int64 or string values, row-major. */
record NamedTensor(String name, String dtype, long[] shape, float[] floats, long[] longs, String[] strings) {

    static NamedTensor ofFloats(String name, long[] shape, float[] values) {
        return new NamedTensor(name, "float32", shape, values, null, null);
    }

    static NamedTensor ofLongs(String name, long[] shape, long[] values) {
        return new NamedTensor(name, "int64", shape, null, values, null);
    }

    /** String tensors exist only so reader tests can meet a dtype they must refuse. */
    static NamedTensor ofStrings(String name, long[] shape, String[] values) {
        return new NamedTensor(name, "string", shape, null, null, values);
    }

    boolean isString() {
        return strings != null;
    }

    boolean isFloat() {
        return floats != null;
    }

    int length() {
        return isFloat() ? floats.length : isString() ? strings.length : longs.length;
    }
}
