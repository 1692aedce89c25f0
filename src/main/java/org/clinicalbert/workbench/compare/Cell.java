package org.clinicalbert.workbench.compare;

import java.nio.file.Path;
import java.util.List;

/**
 * One table cell: an initialisation's score on a task.
 *
 * @param std   sample standard deviation over folds ({@link Basis#CV}) or runs ({@link Basis#RUNS}); NaN for one value
 * @param n     number of folds or runs behind the mean (1 for a single run)
 * @param runs  the run folders the cell was computed from
 * @param configuration the experiment name and configuration hash of those runs ("demo, config 1a2b3c4d")
 */
public record Cell(double mean, double std, int n, Basis basis, List<Path> runs, String configuration) {

    /** What the mean is over. */
    public enum Basis {
        /** one run's score */
        RUN,
        /** one cross-validation run: mean ± std over its folds */
        CV,
        /** several runs (seeds): mean ± std over the runs' scores */
        RUNS
    }

    public Cell {
        runs = List.copyOf(runs);
    }

    public Cell(double mean, double std, int n, Basis basis, List<Path> runs) {
        this(mean, std, n, basis, runs, null);
    }

    public boolean hasStd() {
        return !Double.isNaN(std);
    }
}
