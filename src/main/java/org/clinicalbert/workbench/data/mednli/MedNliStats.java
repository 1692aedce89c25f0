package org.clinicalbert.workbench.data.mednli;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/** Pairs per class in one MedNLI file, and what was skipped. */
public record MedNliStats(Path file, Map<NliLabel, Long> pairsByLabel, Map<String, Integer> skippedByLabel) {

    public static MedNliStats of(MedNliReader reader) {
        Map<NliLabel, Long> counts = new EnumMap<>(NliLabel.class);
        for (NliLabel l : NliLabel.values()) {
            counts.put(l, 0L);
        }
        try (Stream<NliPair> s = reader.pairs()) {
            s.forEach(p -> counts.merge(p.label(), 1L, Long::sum));
        }
        return new MedNliStats(reader.file(), Collections.unmodifiableMap(counts), reader.skippedByLabel());
    }

    public long pairs() {
        return pairsByLabel.values().stream().mapToLong(Long::longValue).sum();
    }
}
