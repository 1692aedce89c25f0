package org.clinicalbert.workbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.clinicalbert.workbench.runs.FolderStatus;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.compare.MetricChoice;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One run folder as the report shows it.
 *
 * @param configYaml the resolved config.yaml, or null when the run has none yet
 * @param metrics    metrics.json, or null while the run has not finished
 */
record RunEntry(FolderStatus folder, String task, String initialisation, String configYaml, RunMetrics metrics) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static RunEntry read(FolderStatus f) throws IOException {
        Path dir = f.dir();
        Path config = dir.resolve("config.yaml");
        String yaml = null;
        String task = "";
        String init = "";
        if (Files.isRegularFile(config)) {
            yaml = Files.readString(config, StandardCharsets.UTF_8);
            JsonNode root;
            try {
                root = YAML.readTree(yaml);
            } catch (IOException e) {
                throw new InputFormatException(config, null, "not YAML: " + e.getMessage());
            }
            if (root != null) {
                task = root.path("task").asText("");
                JsonNode model = root.path("model");
                init = model.hasNonNull("init") ? model.path("init").asText() : model.path("path").asText("");
            }
        }
        Path metricsFile = dir.resolve(RunMetrics.FILE);
        RunMetrics m = Files.isRegularFile(metricsFile) ? RunMetrics.read(metricsFile) : null;
        return new RunEntry(f, task, init, yaml, m);
    }

    Path dir() {
        return folder.dir();
    }

    /** The metric compare shows for the task (accuracy for MedNLI, entity F1 for i2b2). */
    String scoreName() {
        return MetricChoice.defaultFor(task);
    }

    /** The task's headline metric (accuracy for MedNLI, entity F1 for i2b2) on {@code split}, or null. */
    Double score(String split) {
        if (metrics == null || !metrics.has(split)) {
            return null;
        }
        return metrics.scores(split).get(scoreName());
    }
}
