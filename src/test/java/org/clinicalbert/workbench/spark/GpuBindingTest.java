package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spark's per-task GPU address to ND4J's CUDA ordinal (no GPU needed: a pure function). */
class GpuBindingTest {

    @Test
    void addressIsTheOrdinalWhenTheExecutorSeesEveryGpu() {
        assertEquals(0, GpuBinding.cudaOrdinal(new String[]{"0"}, null, 4));
        assertEquals(3, GpuBinding.cudaOrdinal(new String[]{"3"}, "", 4));
        assertEquals(2, GpuBinding.cudaOrdinal(new String[]{" 2 "}, "  ", 4));
    }

    @Test
    void underCudaVisibleDevicesTheOrdinalIsThePositionInThatList() {
        // YARN/Kubernetes isolation: the executor sees physical GPUs 2 and 3 as CUDA devices 0 and 1
        assertEquals(0, GpuBinding.cudaOrdinal(new String[]{"2"}, "2,3", 2));
        assertEquals(1, GpuBinding.cudaOrdinal(new String[]{"3"}, "2, 3", 2));
        UserInputException e = assertThrows(UserInputException.class,
                () -> GpuBinding.cudaOrdinal(new String[]{"1"}, "2,3", 2));
        assertTrue(e.getMessage().contains("not in this executor's CUDA_VISIBLE_DEVICES=2,3"), e.getMessage());
    }

    @Test
    void oneAddressPerTaskAndADeviceNd4jSees() {
        assertThrows(UserInputException.class, () -> GpuBinding.cudaOrdinal(new String[]{"0", "1"}, null, 2));
        assertThrows(UserInputException.class, () -> GpuBinding.cudaOrdinal(new String[0], null, 2));
        assertThrows(UserInputException.class, () -> GpuBinding.cudaOrdinal(new String[]{"gpu0"}, null, 2));
        assertThrows(UserInputException.class, () -> GpuBinding.cudaOrdinal(new String[]{"-1"}, null, 2));
        UserInputException e = assertThrows(UserInputException.class,
                () -> GpuBinding.cudaOrdinal(new String[]{"2"}, null, 2));
        assertTrue(e.getMessage().contains("ND4J sees 2 device(s)"), e.getMessage());
    }
}
