package org.clinicalbert.workbench.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records an input filter left out, counted by reason and located: the line of each of the first {@link #LOCATED}
 * per reason (the rest are counted only, so a filter that drops millions of notes keeps a small report). Reasons
 * are kept in name order so that reports are stable. Not thread-safe: one reader fills it.
 */
public final class SkippedRecords {

    /** How many line numbers are kept per reason (pretrain-data's skipped_at_lines keeps as many). */
    public static final int LOCATED = 20;

    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, List<Long>> lines = new TreeMap<>();

    /** One record left out for {@code reason}, starting at 1-based {@code line} of its file. */
    public void add(String reason, long line) {
        long n = counts.merge(reason, 1L, Long::sum);
        List<Long> at = lines.computeIfAbsent(reason, r -> new ArrayList<>());
        if (n <= LOCATED) {
            at.add(line);
        }
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Records left out, by reason. */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** The lines of the first {@link #LOCATED} records left out, by reason. */
    public Map<String, List<Long>> firstLines() {
        Map<String, List<Long>> out = new TreeMap<>();
        lines.forEach((r, l) -> out.put(r, List.copyOf(l)));
        return out;
    }

    /** {@code "2 (ISERROR=1) at lines 3, 9"}, with {@code ", ..."} where more were left out than located. */
    public static String describe(String reason, long count, List<Long> at) {
        StringBuilder s = new StringBuilder().append(count).append(" (").append(reason).append(')');
        if (at != null && !at.isEmpty()) {
            s.append(at.size() == 1 ? " at line " : " at lines ");
            for (int i = 0; i < at.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(at.get(i));
            }
            if (count > at.size()) {
                s.append(", ...");
            }
        }
        return s.toString();
    }
}
