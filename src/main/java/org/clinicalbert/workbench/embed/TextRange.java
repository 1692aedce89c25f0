package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.UserInputException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Texts {@code [from, to)} of an input, numbered from 0 in the order its {@link TextSource} yields them: one part of
 * a run cut into parts ({@code embed --spark}). Serializable because a Spark task carries it to an executor.
 */
public record TextRange(long from, long to) implements Serializable {

    public TextRange {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("not a range of texts: [" + from + ", " + to + ")");
        }
    }

    public long size() {
        return to - from;
    }

    /**
     * Cuts {@code texts} texts into at most {@code parts} contiguous ranges of whole groups of {@code bufferTexts}
     * texts, counted from the start of the input (only the last range may end in a short group), as even in groups
     * as they can be: the first {@code groups % n} ranges get one group more. Because {@link EmbedJob} embeds each
     * group as one length-sorted set of batches, and a text's vector depends on the batches it is run in, cutting
     * at group boundaries is what makes the joined parts equal to one run over the whole input, byte for byte.
     *
     * @return the ranges in input order, together covering every text exactly once; fewer than {@code parts} when
     *         there are fewer groups
     */
    public static List<TextRange> cut(long texts, int bufferTexts, int parts) {
        if (texts < 1) {
            throw new IllegalArgumentException("no texts to cut into parts");
        }
        if (bufferTexts < 1) {
            throw new UserInputException("--buffer must be at least 1, got " + bufferTexts);
        }
        if (parts < 1) {
            throw new UserInputException("--parts must be at least 1, got " + parts);
        }
        long groups = (texts + bufferTexts - 1) / bufferTexts;
        int n = (int) Math.min(parts, groups);
        long base = groups / n;
        long extra = groups % n;
        List<TextRange> out = new ArrayList<>(n);
        long group = 0;
        for (int i = 0; i < n; i++) {
            long g = base + (i < extra ? 1 : 0);
            long from = group * bufferTexts;
            group += g;
            out.add(new TextRange(from, Math.min(texts, group * bufferTexts)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "texts " + from + "-" + (to - 1);
    }
}
