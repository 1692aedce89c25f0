package org.clinicalbert.workbench.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Single-label classification scores (MedNLI, and word-level NER tags) from gold and predicted labels:
 * accuracy, per-class precision/recall/F1, macro and micro averages, and the confusion matrix.
 */
public final class ClassificationMetrics {

    private final ConfusionMatrix confusion;

    private ClassificationMetrics(ConfusionMatrix confusion) {
        this.confusion = confusion;
    }

    /** Labels are the sorted union of the gold and predicted labels. */
    public static ClassificationMetrics of(List<String> gold, List<String> predicted) {
        Set<String> labels = new TreeSet<>();
        for (int i = 0; i < gold.size(); i++) {
            labels.add(requireLabel(gold.get(i), "gold", i));
        }
        for (int i = 0; i < predicted.size(); i++) {
            labels.add(requireLabel(predicted.get(i), "predicted", i));
        }
        return of(gold, predicted, new ArrayList<>(labels));
    }

    /**
     * Fixed label set and order (so that classes never predicted and never seen still get a row);
     * a label outside it is an error naming the item.
     */
    public static ClassificationMetrics of(List<String> gold, List<String> predicted, List<String> labels) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(gold.size() + " gold labels but " + predicted.size() + " predictions");
        }
        ConfusionMatrix m = new ConfusionMatrix(labels);
        Set<String> known = Set.copyOf(labels);
        for (int i = 0; i < gold.size(); i++) {
            String g = requireLabel(gold.get(i), "gold", i);
            String p = requireLabel(predicted.get(i), "predicted", i);
            if (!known.contains(g)) {
                throw new IllegalArgumentException("item " + i + ": unknown gold label '" + g + "'; labels are " + labels);
            }
            if (!known.contains(p)) {
                throw new IllegalArgumentException("item " + i + ": unknown predicted label '" + p + "'; labels are " + labels);
            }
            m.add(g, p);
        }
        return new ClassificationMetrics(m);
    }

    public ConfusionMatrix confusion() {
        return confusion;
    }

    public List<String> labels() {
        return confusion.labels();
    }

    /** Items scored. */
    public long total() {
        return confusion.total();
    }

    /** Fraction of items predicted right; 0 for no items. */
    public double accuracy() {
        long n = confusion.total();
        return n == 0 ? 0.0 : (double) confusion.correct() / n;
    }

    public ClassScores scores(String label) {
        long tp = confusion.count(label, label);
        return new ClassScores(tp, confusion.predictedTotal(label) - tp, confusion.goldTotal(label) - tp);
    }

    /** Scores of every label, in label order. */
    public Map<String, ClassScores> perClass() {
        Map<String, ClassScores> out = new LinkedHashMap<>();
        for (String l : labels()) {
            out.put(l, scores(l));
        }
        return out;
    }

    /** Unweighted mean over all labels of each class's precision, recall and F1 (F1 is the mean of F1s). */
    public Averages macro() {
        return macro(Set.of());
    }

    /** As {@link #macro()}, leaving out the given labels (e.g. "O"). */
    public Averages macro(Collection<String> excluded) {
        double p = 0;
        double r = 0;
        double f = 0;
        int n = 0;
        for (String l : included(excluded)) {
            ClassScores s = scores(l);
            p += s.precision();
            r += s.recall();
            f += s.f1();
            n++;
        }
        return n == 0 ? new Averages(0, 0, 0) : new Averages(p / n, r / n, f / n);
    }

    /**
     * Pools true/false positives and negatives over the labels not excluded. Over all labels of a
     * single-label task micro precision = recall = F1 = accuracy; excluding "O" gives the usual word-level NER score.
     */
    public ClassScores micro(Collection<String> excluded) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (String l : included(excluded)) {
            ClassScores s = scores(l);
            tp += s.truePositives();
            fp += s.falsePositives();
            fn += s.falseNegatives();
        }
        return new ClassScores(tp, fp, fn);
    }

    private List<String> included(Collection<String> excluded) {
        List<String> out = new ArrayList<>();
        for (String l : labels()) {
            if (!excluded.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    private static String requireLabel(String label, String which, int i) {
        if (label == null || label.isEmpty()) {
            throw new IllegalArgumentException("item " + i + ": " + which + " label is empty");
        }
        return label;
    }
}
