package org.clinicalbert.workbench.data.ner;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevSplitTest {

    private static final List<String> IDS = IntStream.range(0, 100).mapToObj(i -> String.format("%03d-%02d", i / 3, i % 3)).toList();

    @Test
    void sameSeedSameSplitWhateverTheInputOrder() {
        List<String> shuffled = new ArrayList<>(IDS);
        Collections.shuffle(shuffled, new java.util.Random(7));
        Set<String> a = new DevSplit(42, 0.1).devIds(IDS);
        Set<String> b = new DevSplit(42, 0.1).devIds(shuffled);
        assertEquals(a, b);
        assertEquals(10, a.size());
        assertNotEquals(a, new DevSplit(43, 0.1).devIds(IDS));
    }

    @Test
    void groupsStayTogether() {
        Set<String> dev = new DevSplit(1, 0.2).devIds(IDS, id -> id.substring(0, 3));
        Set<String> devPatients = dev.stream().map(id -> id.substring(0, 3)).collect(Collectors.toSet());
        for (String id : IDS) {
            assertEquals(devPatients.contains(id.substring(0, 3)), dev.contains(id), id);
        }
        assertEquals(7, devPatients.size()); // round(34 * 0.2)
        assertTrue(new DevSplit(1, 0.0).devIds(IDS).isEmpty());
    }
}
