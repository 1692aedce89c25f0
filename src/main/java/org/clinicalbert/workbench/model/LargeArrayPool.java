package org.clinicalbert.workbench.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Released arrays of at least {@link #MIN_BYTES}, kept by exact type and shape for the next allocation of the
 * same kind, up to a capacity in all (least recently used shapes go first).
 *
 * <p>Why: a training step allocates and releases the same large arrays every time, and a fresh large native
 * buffer is expensive here: libnd4j clears it, and glibc serves allocations above its 32 MB mmap ceiling with
 * fresh pages from the kernel, each faulted in on first touch. Measured on this project's machine: 53 ms for the
 * word-embedding gradient ({@code [28996, 768]}, 89 MB, every step at any batch size) and 30 ms for each
 * {@code [4096, 3072]} activation of a batch-32 step, against 3.5 and 2 ms to fill the same array once held.
 * Unlike M2.1's array cache (which also hands out larger arrays for smaller requests, and which cost ~3 GB of
 * peak memory) an array is reused only for its own shape, so the pool holds what the step would allocate anyway:
 * resident memory between steps stays at the step's peak instead of falling and rising, and the peak does not
 * grow.
 */
final class LargeArrayPool {

    /**
     * The launcher's glibc mmap threshold: smaller arrays come from glibc's heap, which keeps freed blocks and
     * reuses them for any size (pooling those too doubled peak memory: the pool's blocks sat beside glibc's).
     */
    static final long MIN_BYTES = 32L << 20;

    private record Key(DataType type, long[] shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + Arrays.hashCode(shape);
        }
    }

    private final long capacityBytes;
    /** Access order: the least recently used shape first. */
    private final LinkedHashMap<Key, Deque<INDArray>> free = new LinkedHashMap<>(16, 0.75f, true);
    private long heldBytes;

    LargeArrayPool(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    static boolean large(DataType type, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n * type.width() >= MIN_BYTES;
    }

    /** A held array of this type and shape (contents undefined), or a new uninitialised one. */
    synchronized INDArray take(DataType type, long... shape) {
        Deque<INDArray> q = free.get(new Key(type, shape));
        if (q != null && !q.isEmpty()) {
            INDArray a = q.pop();
            heldBytes -= bytes(a);
            return a;
        }
        return Nd4j.createUninitialized(type, shape);
    }

    /**
     * Keeps {@code array} for reuse if it is large, whole and C-ordered; otherwise (or when the pool is full)
     * frees it. The caller must not use it afterwards.
     */
    synchronized void give(INDArray array) {
        if (array.isView() || array.ordering() != 'c' || !large(array.dataType(), array.shape())) {
            array.close();
            return;
        }
        Key key = new Key(array.dataType(), array.shape().clone());
        free.computeIfAbsent(key, k -> new ArrayDeque<>()).push(array);
        heldBytes += bytes(array);
        Iterator<Map.Entry<Key, Deque<INDArray>>> lru = free.entrySet().iterator();
        while (heldBytes > capacityBytes && lru.hasNext()) {
            Deque<INDArray> oldest = lru.next().getValue();
            while (!oldest.isEmpty() && heldBytes > capacityBytes) {
                INDArray a = oldest.removeLast();
                heldBytes -= bytes(a);
                a.close();
            }
        }
    }

    /** Frees everything held. */
    synchronized void clear() {
        free.values().forEach(q -> q.forEach(INDArray::close));
        free.clear();
        heldBytes = 0;
    }

    synchronized long heldBytes() {
        return heldBytes;
    }

    private static long bytes(INDArray a) {
        return a.length() * a.dataType().width();
    }
}
