package org.clinicalbert.workbench.study;

import java.nio.file.Path;
import java.util.List;

/**
 * One final run: the task's template with the selected configuration and one seed, scored on test, in its own
 * folder {@code outputDir} (the experiment's {@code output.dir}; the run folder is created below it).
 *
 * @param overrides every {@code key=value} applied to the template, {@code output.dir} excepted
 */
public record FinalJob(StudyCell cell, long seed, List<String> overrides, java.nio.file.Path outputDir) {

    public FinalJob {
        overrides = List.copyOf(overrides);
    }

    /** The overrides with the output folder: what the experiment loader is given. */
    public List<String> sets() {
        List<String> out = new java.util.ArrayList<>(overrides);
        out.add("output.dir=" + outputDir);
        return out;
    }

    public Path experiment() {
        return cell.task().experiment();
    }
}
