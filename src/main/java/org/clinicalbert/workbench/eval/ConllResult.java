package org.clinicalbert.workbench.eval;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code conlleval.pl} reports: token accuracy, overall (micro-averaged over all types) entity
 * counts, and counts per entity type.
 *
 * @param tokens      words scored (sentence boundaries are not words)
 * @param correctTags words whose predicted tag equals the gold tag exactly (prefix and type)
 * @param overall     entity counts summed over all types: conlleval's overall P/R/F1 is the micro average
 * @param byType      entity counts per type, sorted by type name as conlleval prints them
 */
public record ConllResult(int tokens, int correctTags, ChunkCounts overall, SortedMap<String, ChunkCounts> byType) {

    public ConllResult {
        byType = Collections.unmodifiableSortedMap(new TreeMap<>(byType));
    }

    /** Fraction of words tagged exactly right, 0 when there are no words. */
    public double accuracy() {
        return tokens == 0 ? 0.0 : (double) correctTags / tokens;
    }

    /** Counts of one type; all zero for a type that occurs in neither gold nor predictions. */
    public ChunkCounts type(String type) {
        return byType.getOrDefault(type, new ChunkCounts(0, 0, 0));
    }

    /** Unweighted mean of the per-type F1 scores (not reported by conlleval; given for reference). */
    public double macroF1() {
        return byType.values().stream().mapToDouble(ChunkCounts::f1).average().orElse(0.0);
    }
}
