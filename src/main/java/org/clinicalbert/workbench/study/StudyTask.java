package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.experiment.config.Task;
import org.clinicalbert.workbench.sweep.MetricPath;
import org.clinicalbert.workbench.sweep.ParameterRange;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task of a study.
 *
 * @param experiment     the experiment template every run of the task starts from
 * @param fixed          the study file's {@code set} overrides for the task, as {@code key=value}
 * @param grid           swept key to its values, in file order (the sweep's syntax)
 * @param score          the dev metric the grid is ranked by
 * @param crossValidated the template cross-validates (eval.cv_folds): the final run's folds are its repeats
 */
public record StudyTask(String id, Task task, Path experiment, List<String> fixed, Map<String, ParameterRange> grid,
                        MetricPath score, boolean crossValidated) {

    public StudyTask {
        fixed = List.copyOf(fixed);
        grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
    }

    /** The metric shown in the table: the score's metric, on test. */
    public String metric() {
        return score.metric();
    }
}
