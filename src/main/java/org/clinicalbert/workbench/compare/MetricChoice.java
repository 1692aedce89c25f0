package org.clinicalbert.workbench.compare;

import org.clinicalbert.workbench.experiment.config.Task;
import org.clinicalbert.workbench.io.UserInputException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which metric each task's column shows: the paper's by default (MedNLI accuracy, i2b2 exact entity F1),
 * changed by {@code --metric NAME} (every task) or {@code --metric TASK=NAME} (one task).
 */
public final class MetricChoice {

    private final String all;
    private final Map<String, String> byTask;

    private MetricChoice(String all, Map<String, String> byTask) {
        this.all = all;
        this.byTask = byTask;
    }

    public static MetricChoice paperDefaults() {
        return parse(List.of());
    }

    public static MetricChoice parse(List<String> specs) {
        String all = null;
        Map<String, String> byTask = new HashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                all = requireName(spec, spec);
                continue;
            }
            String task = spec.substring(0, eq).trim();
            if (Task.fromId(task) == null) {
                throw new UserInputException("--metric " + spec + ": unknown task '" + task + "'; tasks: "
                        + String.join(", ", Task.ids()));
            }
            byTask.put(task, requireName(spec.substring(eq + 1).trim(), spec));
        }
        return new MetricChoice(all, byTask);
    }

    private static String requireName(String name, String spec) {
        if (name.isBlank()) {
            throw new UserInputException("--metric " + spec + ": empty metric name");
        }
        return name.trim();
    }

    public String metricFor(String task) {
        String m = byTask.get(task);
        if (m != null) {
            return m;
        }
        if (all != null) {
            return all;
        }
        return defaultFor(task);
    }

    /** The paper's Table 2 metric: accuracy for MedNLI, exact entity F1 for the i2b2 tasks. */
    public static String defaultFor(String task) {
        Task t = Task.fromId(task);
        return t != null && !t.isNer() ? "accuracy" : "f1";
    }
}
