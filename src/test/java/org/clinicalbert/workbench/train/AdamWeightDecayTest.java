package org.clinicalbert.workbench.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against tools/golden/optimizer_golden.py: google's optimiser written independently in torch (float64). */
class AdamWeightDecayTest {

    private static JsonNode golden() throws Exception {
        try (InputStream in = AdamWeightDecayTest.class.getResourceAsStream("/train/adamw-golden.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static INDArray array(JsonNode values, JsonNode shape) {
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = values.get(i).asDouble();
        }
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape.get(i).asLong();
        }
        return Nd4j.create(d, s, DataType.DOUBLE);
    }

    @Test
    void matchesTorchReferenceOverWarmupDecayAndClipping() throws Exception {
        JsonNode g = golden();
        JsonNode shapes = g.get("shapes");
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (Iterator<String> it = shapes.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            params.put(n, array(g.get("initial").get(n), shapes.get(n)));
        }
        var schedule = new LinearWarmupDecay(g.get("peak_lr").asDouble(), g.get("warmup_steps").asLong(),
                g.get("total_steps").asLong());
        var opt = new AdamWeightDecay(g.get("weight_decay").asDouble(), g.get("clip_norm").asDouble());
        boolean sawClipped = false;
        boolean sawUnclipped = false;
        for (JsonNode step : g.get("steps")) {
            long s = step.get("step").asLong();
            assertEquals(step.get("lr").asDouble(), schedule.rate(s), 1e-15, "lr at step " + s);
            Map<String, INDArray> grads = new LinkedHashMap<>();
            for (String n : params.keySet()) {
                grads.put(n, array(step.get("grads").get(n), shapes.get(n)));
            }
            double norm = opt.step(params, grads, schedule.rate(s));
            assertEquals(step.get("global_norm").asDouble(), norm, 1e-12);
            sawClipped |= norm > 1.0;
            sawUnclipped |= norm < 1.0;
            for (String n : params.keySet()) {
                INDArray expected = array(step.get("params_after").get(n), shapes.get(n));
                double diff = expected.sub(params.get(n)).amaxNumber().doubleValue();
                assertTrue(diff < 1e-10, n + " after step " + s + " differs by " + diff);
            }
        }
        assertTrue(sawClipped && sawUnclipped, "golden data should exercise both sides of the clip");
    }

    @Test
    void weightDecayExclusionFollowsGoogleNamePatterns() {
        assertTrue(AdamWeightDecay.decays("bert/encoder/layer_3/intermediate/dense/kernel"));
        assertTrue(AdamWeightDecay.decays("output_weights"));
        assertFalse(AdamWeightDecay.decays("bert/encoder/layer_3/output/LayerNorm/gamma"));
        assertFalse(AdamWeightDecay.decays("bert/pooler/dense/bias"));
        assertFalse(AdamWeightDecay.decays("cls/predictions/output_bias"));
    }

    @Test
    void scheduleIsZeroAtStartRisesLinearlyThenDecaysToZero() {
        var s = LinearWarmupDecay.ofProportion(1e-4, 0.1, 100);
        assertEquals(10, s.warmupSteps());
        assertEquals(0.0, s.rate(0));
        assertEquals(5e-5, s.rate(5), 1e-18);
        assertEquals(1e-4 * 0.9, s.rate(10), 1e-18);
        assertEquals(0.0, s.rate(100));
        assertEquals(0.0, s.rate(150));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void onePassUpdateEqualsTheArrayFormulation(DataType type) {
        // a whole array takes the one-pass Java update; a view (column slice) the array operations
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 2e-7;
        INDArray big = Nd4j.rand(type, 5, 8).subi(0.5);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4));
        INDArray whole = view.dup();
        INDArray start = view.dup();
        AdamWeightDecay fused = new AdamWeightDecay(0.01, 1.0);
        AdamWeightDecay plain = new AdamWeightDecay(0.01, 1.0);
        for (int step = 0; step < 4; step++) {
            INDArray g = Nd4j.rand(type, 5, 4).subi(0.5).muli(step + 1);   // later steps clip
            double lr = step == 0 ? 0.0 : 1e-2 * step;
            fused.step(Map.of("w", whole), new LinkedHashMap<>(Map.of("w", g.dup())), lr);
            plain.step(Map.of("w", view), new LinkedHashMap<>(Map.of("w", g.dup())), lr);
            assertEquals(0.0, whole.sub(view).amaxNumber().doubleValue(), tolerance, "after step " + step);
            assertEquals(0.0, fused.secondMoments().get("w").sub(plain.secondMoments().get("w")).amaxNumber()
                    .doubleValue(), tolerance * 1e-3);
        }
        assertTrue(whole.sub(start).amaxNumber().doubleValue() > 1e-3, "the steps moved the parameters");
    }
}
