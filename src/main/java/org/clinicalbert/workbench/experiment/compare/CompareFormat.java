package org.clinicalbert.workbench.experiment.compare;

import org.clinicalbert.workbench.experiment.config.Task;

import java.util.Locale;

/** How the comparison shows tasks and scores: percentages with two decimals, as the paper uses percentages. */
final class CompareFormat {

    static final String MISSING = "—";

    private CompareFormat() {
    }

    /** {@code MedNLI}, {@code i2b2 2010}; unknown task ids as they are. */
    static String taskName(String task) {
        Task t = Task.fromId(task);
        if (t == null) {
            return task;
        }
        return t == Task.MEDNLI ? "MedNLI" : task.replace('-', ' ');
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** {@code 82.70}, or {@code 82.70 ± 0.45} when the cell has a spread. */
    static String cell(Cell c) {
        return c.hasStd() ? percent(c.mean()) + " ± " + percent(c.std()) : percent(c.mean());
    }
}
