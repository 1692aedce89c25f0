package org.clinicalbert.workbench.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StepTimesTest {

    @Test
    void medianOfAnOddCountIsTheMiddleStepWhateverTheOrder() {
        StepTimes t = new StepTimes(List.of(15.0, 14.0), List.of(10.9, 10.4, 30.0));
        assertEquals(10.9, t.median());
        assertEquals((10.9 + 10.4 + 30.0) / 3, t.mean(), 1e-12);
        assertEquals(10.4, t.best());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddlePair() {
        StepTimes t = new StepTimes(List.of(), List.of(4.0, 1.0, 3.0, 100.0));
        assertEquals(3.5, t.median());
    }

    @Test
    void theFirstStepIsTheFirstWarmUpStepAndComparedWithTheMedian() {
        StepTimes t = new StepTimes(List.of(15.0, 14.0), List.of(10.0, 11.0, 10.0));
        assertEquals(15.0, t.first());
        assertEquals(1.5, t.firstOverMedian(), 1e-12);
        // without warm-up the first timed step is the first step
        StepTimes cold = new StepTimes(List.of(), List.of(8.0, 4.0, 4.0));
        assertEquals(8.0, cold.first());
        assertEquals(2.0, cold.firstOverMedian(), 1e-12);
    }

    @Test
    void jsonFieldsCarryThroughputFromTheMedian() {
        Map<String, Object> m = new StepTimes(List.of(6.0), List.of(2.0, 4.0, 3.0)).toMap(1024);
        assertEquals(3.0, m.get("median_seconds_per_iter"));
        assertEquals(1024 / 3.0, (double) m.get("tokens_per_s"), 1e-9);
        assertEquals(1024 / 2.0, (double) m.get("best_tokens_per_s"), 1e-9);
        assertEquals(1024 / 3.0, (double) m.get("mean_tokens_per_s"), 1e-9);
        assertEquals(6.0, m.get("first_step_seconds"));
        assertEquals(2.0, (double) m.get("first_over_median"), 1e-12);
        assertEquals(List.of(2.0, 4.0, 3.0), m.get("times"));
        assertEquals(List.of(6.0), m.get("warmup_times"));
    }

    @Test
    void timedStepsAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new StepTimes(List.of(1.0), List.of()));
    }
}
