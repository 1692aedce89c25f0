package org.clinicalbert.workbench.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Paired bootstrap over evaluation units (examples, sentences or documents) for the difference between two
 * systems scored on the same gold data: resample units with replacement, recompute both metrics on the same
 * resample, and take percentiles of the differences.
 *
 * <p>Each unit contributes a vector of additive counts per system (correct/total for accuracy; gold, predicted
 * and correct chunks for conlleval F1, which add up over sentences because a sentence boundary ends every
 * chunk), and the metric is computed from the summed counts, so corpus-level F1 is resampled properly rather
 * than averaged per sentence.
 */
public final class PairedBootstrap {

    private final int samples;
    private final double confidence;
    private final long seed;

    public PairedBootstrap(int samples, double confidence, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one bootstrap sample, got " + samples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        this.samples = samples;
        this.confidence = confidence;
        this.seed = seed;
    }

    /**
     * @param countsA per unit, system A's counts (all units the same length)
     * @param countsB per unit, system B's counts, same units in the same order
     * @param metric  the metric from summed counts
     */
    public BootstrapInterval difference(double[][] countsA, double[][] countsB, ToDoubleFunction<double[]> metric) {
        if (countsA.length == 0 || countsB.length != countsA.length) {
            throw new IllegalArgumentException("need the same, non-zero number of units for both systems; got "
                    + countsA.length + " and " + countsB.length);
        }
        return meanDifference(java.util.Collections.singletonList(countsA), java.util.Collections.singletonList(countsB), metric);
    }

    /**
     * The difference between two systems that are each several models (seeds, or the folds of cross-validation)
     * scored on the same units: each resample of the units scores every model and compares the systems' mean
     * scores, so the interval covers both the test-set sampling and, through the mean, the spread over models.
     * With no model for B the interval is that of A's mean score itself.
     *
     * @param modelsA per model of A, per unit its counts; every model over the same units in the same order
     * @param modelsB the same for B; empty: B scores 0
     */
    public BootstrapInterval meanDifference(List<double[][]> modelsA, List<double[][]> modelsB,
                                           ToDoubleFunction<double[]> metric) {
        if (modelsA.isEmpty()) {
            throw new IllegalArgumentException("system A has no model");
        }
        int n = modelsA.get(0).length;
        for (List<double[][]> system : List.of(modelsA, modelsB)) {
            for (double[][] m : system) {
                if (n == 0 || m.length != n) {
                    throw new IllegalArgumentException("need the same, non-zero number of units for every model; got "
                            + n + " and " + m.length);
                }
            }
        }
        int width = modelsA.get(0)[0].length;
        double observed = mean(modelsA, null, width, metric) - mean(modelsB, null, width, metric);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] diffs = new double[samples];
        int[] pick = new int[n];
        int notAbove = 0;
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) {
                pick[i] = rng.nextInt(n);
            }
            diffs[s] = mean(modelsA, pick, width, metric) - mean(modelsB, pick, width, metric);
            if (diffs[s] <= 0) {
                notAbove++;
            }
        }
        Arrays.sort(diffs);
        double tail = (1 - confidence) / 2;
        return new BootstrapInterval(observed, quantile(diffs, tail), quantile(diffs, 1 - tail), confidence, samples,
                (double) notAbove / samples);
    }

    /** The mean metric over a system's models on the picked units (all units for null); 0 for no model. */
    private static double mean(List<double[][]> models, int[] pick, int width, ToDoubleFunction<double[]> metric) {
        if (models.isEmpty()) {
            return 0;
        }
        double total = 0;
        for (double[][] m : models) {
            total += metric.applyAsDouble(sum(m, pick, width));
        }
        return total / models.size();
    }

    /** Accuracy from summed {@link #accuracyCounts}. */
    public static final ToDoubleFunction<double[]> ACCURACY = c -> c[0] / c[1];
    /** conlleval micro F1 from summed {@link #entityCounts}. */
    public static final ToDoubleFunction<double[]> ENTITY_F1 = c -> new ChunkCounts((int) c[0], (int) c[1], (int) c[2]).f1();

    /** Per example: {correct, 1}. */
    public static double[][] accuracyCounts(List<Boolean> correct) {
        double[][] out = new double[correct.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[] {correct.get(i) ? 1 : 0, 1};
        }
        return out;
    }

    /** Per sentence: {gold, predicted, correct} chunks, which add up over sentences. */
    public static double[][] entityCounts(List<? extends List<TagPair>> sentences) {
        double[][] out = new double[sentences.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = chunkCounts(sentences.get(i));
        }
        return out;
    }

    /** Accuracy difference; {@code correctA.get(i)} says whether A got example i right. */
    public BootstrapInterval accuracyDifference(List<Boolean> correctA, List<Boolean> correctB) {
        if (correctA.size() != correctB.size()) {
            throw new IllegalArgumentException(correctA.size() + " examples for A but " + correctB.size() + " for B");
        }
        return difference(accuracyCounts(correctA), accuracyCounts(correctB), ACCURACY);
    }

    /**
     * conlleval micro F1 difference, resampling sentences. Both systems' sentences must carry the same gold tags.
     */
    public BootstrapInterval entityF1Difference(List<? extends List<TagPair>> systemA, List<? extends List<TagPair>> systemB) {
        if (systemA.size() != systemB.size()) {
            throw new IllegalArgumentException(systemA.size() + " sentences for A but " + systemB.size() + " for B");
        }
        for (int i = 0; i < systemA.size(); i++) {
            if (!golds(systemA.get(i)).equals(golds(systemB.get(i)))) {
                throw new IllegalArgumentException("sentence " + i + ": the two systems were scored against different gold tags");
            }
        }
        return difference(entityCounts(systemA), entityCounts(systemB), ENTITY_F1);
    }

    private static double[] chunkCounts(List<TagPair> sentence) {
        ChunkCounts c = ConllEval.evaluate(List.of(sentence)).overall();
        return new double[] {c.gold(), c.predicted(), c.correct()};
    }

    private static List<String> golds(List<TagPair> sentence) {
        List<String> g = new ArrayList<>(sentence.size());
        for (TagPair p : sentence) {
            g.add(p.gold());
        }
        return g;
    }

    private static double[] sum(double[][] counts, int[] pick, int width) {
        double[] total = new double[width];
        int n = pick == null ? counts.length : pick.length;
        for (int i = 0; i < n; i++) {
            double[] row = counts[pick == null ? i : pick[i]];
            if (row.length != width) {
                throw new IllegalArgumentException("unit " + (pick == null ? i : pick[i]) + " has " + row.length
                        + " counts, expected " + width);
            }
            for (int j = 0; j < width; j++) {
                total[j] += row[j];
            }
        }
        return total;
    }

    /** Linear interpolation between order statistics (numpy's default "linear" method) of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
