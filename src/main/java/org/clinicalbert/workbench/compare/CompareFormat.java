package org.clinicalbert.workbench.compare;

import org.clinicalbert.workbench.experiment.config.Task;

import java.util.List;
import java.util.Locale;

/**
 * How comparisons show tasks and scores (compare's tables and the study's report): percentages with two decimals, as
 * the paper uses percentages, and Markdown table rows.
 */
public final class CompareFormat {

    public static final String MISSING = "—";

    private CompareFormat() {
    }

    /** {@code MedNLI}, {@code i2b2 2010}; unknown task ids as they are. */
    public static String taskName(String task) {
        Task t = Task.fromId(task);
        if (t == null) {
            return task;
        }
        return t == Task.MEDNLI ? "MedNLI" : task.replace('-', ' ');
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** {@code 82.70}, or {@code 82.70 ± 0.45} when the cell has a spread. */
    public static String cell(Cell c) {
        return c.hasStd() ? percent(c.mean()) + " ± " + percent(c.std()) : percent(c.mean());
    }

    /** One Markdown table row; a '|' inside a cell is escaped. */
    public static void row(StringBuilder sb, List<String> cells) {
        sb.append("| ").append(String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
    }
}
