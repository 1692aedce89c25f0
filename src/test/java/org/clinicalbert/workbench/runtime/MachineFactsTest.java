package org.clinicalbert.workbench.runtime;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineFactsTest {

    @Test
    void everyOutputGetsTheSameKeysAndTheHostFactsNeedNoNd4j() {
        Map<String, Object> all = MachineFacts.capture().toMap();
        assertEquals(Runtime.getRuntime().availableProcessors(), all.get("cores"));
        assertTrue(String.valueOf(all.get("backend")).contains("Cpu"), all.toString());
        assertEquals(NativeBuild.select().classifier(), all.get("nd4j_classifier"));
        assertTrue(all.containsKey("nd4j_max_threads") && all.containsKey("OMP_NUM_THREADS"), all.toString());

        Map<String, Object> host = MachineFacts.captureHost().toMap();
        assertFalse(host.containsKey("backend") || host.containsKey("nd4j_max_threads"), host.toString());
        // the host facts are the same keys with the same meaning, a subset of the full set
        assertTrue(all.keySet().containsAll(host.keySet()), host.keySet() + " vs " + all.keySet());
        assertEquals(all.get("java"), host.get("java"));
    }
}
