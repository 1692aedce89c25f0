package org.clinicalbert.workbench.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One optimiser step over micro-batches: averaging, freeing, seeding and out-of-memory reporting. */
class TrainingStepTest {

    /** Returns the gradients it is given, one map per call, and remembers every array it handed out. */
    private static final class ScriptedModel implements StepModel {
        final Map<String, INDArray> params = new LinkedHashMap<>(Map.of("w", Nd4j.createFromArray(0.5f, -0.5f)));
        final List<float[]> script;
        final List<INDArray> handedOut = new ArrayList<>();
        final List<Long> seeds = new ArrayList<>();
        RuntimeException failWith;
        int calls;

        ScriptedModel(List<float[]> script) {
            this.script = script;
        }

        @Override
        public Map<String, INDArray> parameters() {
            return params;
        }

        @Override
        public LossAndGradients lossAndGradients(Batch batch, long dropoutSeed) {
            if (failWith != null) {
                throw failWith;
            }
            seeds.add(dropoutSeed);
            INDArray g = Nd4j.createFromArray(script.get(calls++));
            handedOut.add(g);
            return new LossAndGradients(calls, Map.of("w", g));
        }

        @Override
        public Map<String, INDArray> predict(Batch batch) {
            return Map.of();
        }
    }

    private static Batch batch(int size) {
        return new Batch(Map.of(), size, size * 10L);
    }

    @Test
    void microBatchGradientsAreAveragedThenFreed() {
        ScriptedModel model = new ScriptedModel(List.of(new float[]{1, 2}, new float[]{3, 6}));
        TrainingStep step = new TrainingStep(model, new AdamWeightDecay(0.0, 0.0));
        TrainingStep.Outcome o = step.run(List.of(batch(4), batch(4)), 1e-3, 100);
        // average [2, 4]: norm sqrt(20); losses 1 and 2 average 1.5; 2 x 4 x 10 tokens
        assertEquals(Math.sqrt(20), o.gradientNorm(), 1e-6);
        assertEquals(1.5, o.loss(), 1e-12);
        assertEquals(80, o.tokens());
        assertEquals(List.of(100L, 101L), model.seeds, "micro-batch i draws its dropout from seed + i");
        model.handedOut.forEach(a -> assertTrue(a.wasClosed(), "gradient array not freed after the step"));
        // the parameter moved against the gradient's sign (Adam's first step is about lr * sign)
        assertTrue(model.params.get("w").getFloat(0) < 0.5f && model.params.get("w").getFloat(1) < -0.5f);
    }

    @Test
    void aSingleBatchUsesItsGradientsDirectly() {
        ScriptedModel model = new ScriptedModel(List.<float[]>of(new float[]{3, 4}));
        TrainingStep.Outcome o = new TrainingStep(model, new AdamWeightDecay(0.0, 0.0)).run(List.of(batch(8)), 1e-3, 7);
        assertEquals(5.0, o.gradientNorm(), 1e-6);
        assertTrue(model.handedOut.get(0).wasClosed());
    }

    @Test
    void runningOutOfMemoryIsReportedWithTheBatchAndWhatToDo() {
        ScriptedModel model = new ScriptedModel(List.of());
        model.failWith = new RuntimeException("Failed to allocate 4096 bytes");
        TrainingStep step = new TrainingStep(model, new AdamWeightDecay(0.0, 1.0));
        StepOutOfMemoryException e = assertThrows(StepOutOfMemoryException.class,
                () -> step.run(List.of(batch(32)), 1e-3, 1));
        assertTrue(e.getMessage().contains("a batch of 32 examples"), e.getMessage());
        assertTrue(e.getMessage().contains("grad_accum_steps") && e.getMessage().contains("--accum"), e.getMessage());
        assertTrue(e.getMessage().contains("resident of"), e.getMessage());

        model.failWith = new IllegalStateException("a shape mismatch");
        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> step.run(List.of(batch(2), batch(2)), 1e-3, 1));
        assertSame(model.failWith, other, "other failures pass through unchanged");
    }
}
