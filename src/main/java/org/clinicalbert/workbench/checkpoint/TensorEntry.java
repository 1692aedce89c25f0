package org.clinicalbert.workbench.checkpoint;

import java.util.Arrays;

/**
 * One tensor listed in a checkpoint index (a decoded BundleEntryProto): where its bytes are and how to check them.
 *
 * @param maskedCrc32c the masked CRC32C TensorFlow stored for the tensor's bytes
 */
public record TensorEntry(String name, TfDataType dtype, long[] shape, int shardId, long offset, long size,
                          int maskedCrc32c) {

    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long numElements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public VariableKind kind() {
        return VariableKind.of(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry e && name.equals(e.name) && dtype == e.dtype && Arrays.equals(shape, e.shape)
                && shardId == e.shardId && offset == e.offset && size == e.size && maskedCrc32c == e.maskedCrc32c;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
