package org.clinicalbert.workbench.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargeArrayPoolTest {

    private static final long[] BIG = {8192, 1024};          // 32 MB of floats: the smallest pooled size
    private static final long BIG_BYTES = 32L << 20;

    @Test
    void reusesAReleasedArrayOnlyForItsOwnTypeAndShape() {
        LargeArrayPool pool = new LargeArrayPool(256L << 20);
        INDArray a = pool.take(DataType.FLOAT, BIG);
        pool.give(a);
        assertEquals(BIG_BYTES, pool.heldBytes());
        assertNotSame(a, pool.take(DataType.FLOAT, 16384, 512), "same size, other shape: a new array");
        assertNotSame(a, pool.take(DataType.INT32, BIG), "other type: a new array");
        assertSame(a, pool.take(DataType.FLOAT, BIG));
        assertEquals(0, pool.heldBytes());
        assertNotSame(a, pool.take(DataType.FLOAT, BIG), "taken once, not handed out twice");
    }

    @Test
    void smallArraysAndViewsAreFreedNotKept() {
        LargeArrayPool pool = new LargeArrayPool(256L << 20);
        INDArray small = Nd4j.create(DataType.FLOAT, 10, 10);
        pool.give(small);
        assertTrue(small.wasClosed());
        assertEquals(0, pool.heldBytes());
        INDArray whole = Nd4j.create(DataType.FLOAT, 16384, 1024);
        INDArray half = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8192),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertTrue(half.isView());
        pool.give(half);
        assertEquals(0, pool.heldBytes());
    }

    @Test
    void overCapacityTheLeastRecentlyUsedShapeIsFreed() {
        LargeArrayPool pool = new LargeArrayPool(2 * BIG_BYTES);
        INDArray first = Nd4j.create(DataType.FLOAT, BIG);
        INDArray second = Nd4j.create(DataType.FLOAT, 4096, 2048);
        INDArray third = Nd4j.create(DataType.FLOAT, 2048, 4096);
        pool.give(first);
        pool.give(second);
        pool.give(third);
        assertEquals(2 * BIG_BYTES, pool.heldBytes());
        assertTrue(first.wasClosed(), "the oldest shape went first");
        assertSame(third, pool.take(DataType.FLOAT, 2048, 4096));
        assertSame(second, pool.take(DataType.FLOAT, 4096, 2048));
    }
}
