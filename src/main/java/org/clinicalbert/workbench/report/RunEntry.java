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
 * @param metrics    metrics.json, or null while the run has not finished (or when it cannot be read)
 * @param unreadableMetrics why metrics.json cannot be read (naming the file and line), or null: the run is shown
 *                          with its metrics unreadable, not left out nor allowed to stop the whole report
 */
record RunEntry(FolderStatus folder, String task, String initialisation, String configYaml, RunMetrics metrics,
                String unreadableMetrics) {

    /** What the report shows in a score column when metrics.json cannot be read. */
    static final String UNREADABLE = "unreadable";

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
        RunMetrics m = null;
        String unreadable = null;
        try {
            m = Files.isRegularFile(metricsFile) ? RunMetrics.read(metricsFile) : null;
        } catch (InputFormatException e) {
            unreadable = e.getMessage();
        }
        return new RunEntry(f, task, init, yaml, m, unreadable);
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
