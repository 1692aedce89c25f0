package org.clinicalbert.workbench.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.clinicalbert.workbench.io.UserInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * One GPU per task. With {@code spark.task.resource.gpu.amount=1} Spark's scheduler gives each task one GPU address
 * of its executor (from {@code spark.executor.resource.gpu.discoveryScript}, which reports the GPUs' indices as
 * {@code nvidia-smi} numbers them), never the same address to two running tasks. ND4J's CUDA backend numbers
 * devices by CUDA ordinal, which is the address itself unless the executor's process sees a subset of the GPUs
 * ({@code CUDA_VISIBLE_DEVICES}, as YARN and Kubernetes set it): then the ordinal is the address's position in that
 * list. The task's thread is attached to that device before the task runs, so ND4J allocates and computes there.
 */
public final class GpuBinding {

    private static final Logger log = LoggerFactory.getLogger(GpuBinding.class);

    private GpuBinding() {
    }

    /**
     * The CUDA ordinal for a task's GPU addresses.
     *
     * @param addresses          what {@code TaskContext.resources().get("gpu").addresses()} holds: exactly one
     * @param cudaVisibleDevices the executor's {@code CUDA_VISIBLE_DEVICES}, or null/blank when it sees every GPU
     * @param deviceCount        devices ND4J sees
     */
    public static int cudaOrdinal(String[] addresses, String cudaVisibleDevices, int deviceCount) {
        if (addresses == null || addresses.length != 1) {
            throw new UserInputException("a task needs exactly one GPU address (spark.task.resource.gpu.amount=1),"
                    + " got " + (addresses == null ? "none" : String.join(",", addresses)));
        }
        String address = addresses[0].strip();
        int ordinal;
        if (cudaVisibleDevices == null || cudaVisibleDevices.isBlank()) {
            ordinal = index(address);
        } else {
            List<String> visible = new ArrayList<>();
            for (String v : cudaVisibleDevices.split(",")) {
                visible.add(v.strip());
            }
            ordinal = visible.indexOf(address);
            if (ordinal < 0) {
                throw new UserInputException("GPU " + address + " assigned by Spark is not in this executor's "
                        + "CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices + " (the discovery script must report the same "
                        + "numbers)");
            }
        }
        if (ordinal >= deviceCount) {
            throw new UserInputException("GPU " + address + " assigned by Spark maps to CUDA device " + ordinal
                    + " but ND4J sees " + deviceCount + " device(s)");
        }
        return ordinal;
    }

    private static int index(String address) {
        try {
            int i = Integer.parseInt(address);
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UserInputException("GPU address '" + address + "' is not a device index (the discovery "
                + "script must print {\"name\": \"gpu\", \"addresses\": [\"0\", \"1\", ...]})");
    }

    /** On an executor: attaches this thread to the task's GPU; nothing without a GPU resource or on the CPU backend. */
    static void bindTaskGpu() {
        TaskContext ctx = TaskContext.get();
        if (ctx == null) {
            return;
        }
        scala.Option<ResourceInformation> gpu = ctx.resources().get("gpu");
        if (gpu.isEmpty()) {
            return;
        }
        if (Nd4j.getEnvironment().isCPU()) {
            log.warn("Spark assigned GPU {} but ND4J runs on the CPU backend (build with -Pcuda)",
                    String.join(",", gpu.get().addresses()));
            return;
        }
        int ordinal = cudaOrdinal(gpu.get().addresses(), System.getenv("CUDA_VISIBLE_DEVICES"),
                Nd4j.getAffinityManager().getNumberOfDevices());
        Nd4j.getAffinityManager().unsafeSetDevice(ordinal);
        log.info("task {}: GPU {} -> CUDA device {}", ctx.taskAttemptId(), gpu.get().addresses()[0], ordinal);
    }
}
