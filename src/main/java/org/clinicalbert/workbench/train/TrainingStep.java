package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.model.SessionMemory;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One optimiser step: the loss and gradients of each micro-batch (accumulated and averaged when the batch is
 * split), then {@link AdamWeightDecay} at the given learning rate. The fine-tuning and pretraining loop and
 * {@code workbench bench train} both run exactly this.
 *
 * <p>Every gradient array is freed as soon as it has been used: off-heap arrays otherwise wait for a garbage
 * collection that a small Java heap rarely triggers, and resident memory grows from step to step.
 */
public final class TrainingStep {

    /**
     * What a step did.
     *
     * @param gradientNanos forward + backward of all micro-batches (dropout masks and accumulation included)
     * @param optimizerNanos clipping and the AdamWeightDecay update
     */
    public record Outcome(double loss, double gradientNorm, long tokens, long gradientNanos, long optimizerNanos) {
    }

    private final StepModel model;
    private final AdamWeightDecay optimizer;

    public TrainingStep(StepModel model, AdamWeightDecay optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    /**
     * Runs the step over {@code micro} (one or more micro-batches). Dropout masks of micro-batch {@code i} come from
     * {@code dropoutSeed + i} alone (passed down, no global generator), so a step is a function of its seed.
     */
    public Outcome run(List<Batch> micro, double learningRate, long dropoutSeed) {
        if (micro.isEmpty()) {
            throw new IllegalArgumentException("a step needs at least one batch");
        }
        try {
            return runUnguarded(micro, learningRate, dropoutSeed);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (StepOutOfMemoryException.isAllocationFailure(e)) {
                throw new StepOutOfMemoryException(micro.get(0).size(), micro.size(), e);
            }
            throw e;
        }
    }

    private Outcome runUnguarded(List<Batch> micro, double learningRate, long dropoutSeed) {
        long start = System.nanoTime();
        Map<String, INDArray> sum = new LinkedHashMap<>();
        double loss = 0;
        long tokens = 0;
        for (int i = 0; i < micro.size(); i++) {
            StepModel.LossAndGradients lg = model.lossAndGradients(micro.get(i), dropoutSeed + i);
            loss += lg.loss();
            tokens += micro.get(i).tokens();
            for (var e : lg.gradients().entrySet()) {
                INDArray acc = sum.get(e.getKey());
                if (acc == null) {
                    // one micro-batch: its arrays are the step's gradients; several: sum into copies
                    sum.put(e.getKey(), micro.size() == 1 ? e.getValue() : e.getValue().dup());
                    if (micro.size() > 1) {
                        SessionMemory.free(e.getValue());
                    }
                } else {
                    acc.addi(e.getValue());
                    SessionMemory.free(e.getValue());
                }
            }
        }
        if (micro.size() > 1) {
            sum.values().forEach(g -> g.divi(micro.size()));
        }
        long gradientsDone = System.nanoTime();
        double norm = optimizer.step(model.parameters(), sum, learningRate);
        sum.values().forEach(SessionMemory::free);
        long end = System.nanoTime();
        return new Outcome(loss / micro.size(), norm, tokens, gradientsDone - start, end - gradientsDone);
    }
}
