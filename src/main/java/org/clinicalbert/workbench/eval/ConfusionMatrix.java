package org.clinicalbert.workbench.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts of (gold, predicted) label pairs: rows are gold labels, columns predicted labels. */
public final class ConfusionMatrix {

    private final List<String> labels;
    private final Map<String, Integer> index = new HashMap<>();
    private final long[][] counts;

    ConfusionMatrix(List<String> labels) {
        this.labels = List.copyOf(labels);
        for (int i = 0; i < this.labels.size(); i++) {
            if (index.put(this.labels.get(i), i) != null) {
                throw new IllegalArgumentException("label '" + this.labels.get(i) + "' listed twice");
            }
        }
        counts = new long[labels.size()][labels.size()];
    }

    void add(String gold, String predicted) {
        counts[indexOf(gold)][indexOf(predicted)]++;
    }

    /** Labels in row/column order. */
    public List<String> labels() {
        return labels;
    }

    public long count(String gold, String predicted) {
        return counts[indexOf(gold)][indexOf(predicted)];
    }

    /** Items whose gold label is {@code gold} (row sum). */
    public long goldTotal(String gold) {
        long sum = 0;
        for (long c : counts[indexOf(gold)]) {
            sum += c;
        }
        return sum;
    }

    /** Items predicted as {@code predicted} (column sum). */
    public long predictedTotal(String predicted) {
        int j = indexOf(predicted);
        long sum = 0;
        for (long[] row : counts) {
            sum += row[j];
        }
        return sum;
    }

    public long total() {
        long sum = 0;
        for (long[] row : counts) {
            for (long c : row) {
                sum += c;
            }
        }
        return sum;
    }

    /** Sum of the diagonal: items whose predicted label equals the gold label. */
    public long correct() {
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i][i];
        }
        return sum;
    }

    /** Tab-separated table, header row of predicted labels, one row per gold label. */
    public String toTsv() {
        StringBuilder sb = new StringBuilder("gold\\predicted");
        for (String l : labels) {
            sb.append('\t').append(l);
        }
        sb.append('\n');
        for (int i = 0; i < labels.size(); i++) {
            sb.append(labels.get(i));
            for (long c : counts[i]) {
                sb.append('\t').append(c);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private int indexOf(String label) {
        Integer i = index.get(label);
        if (i == null) {
            throw new IllegalArgumentException("unknown label '" + label + "'; labels are " + labels);
        }
        return i;
    }
}
