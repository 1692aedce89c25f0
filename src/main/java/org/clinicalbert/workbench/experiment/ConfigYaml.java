package org.clinicalbert.workbench.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ExperimentPaths;
import org.clinicalbert.workbench.experiment.config.Task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The resolved experiment config (defaults and overrides applied) as YAML the config loader reads back. */
final class ConfigYaml {

    /** The resolved config in a run folder. */
    public static final String FILE = org.clinicalbert.workbench.runs.RunFolder.CONFIG_FILE;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(new SimpleModule()
                    .addSerializer(Path.class, new ToStringSerializer(Path.class))
                    .addSerializer(Task.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Task t, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(t.id());
                        }
                    }));

    private ConfigYaml() {
    }

    /**
     * {@code yaml} (a run's config.yaml) with every path resolved against {@code workingDir}: what decides whether a
     * resume runs the same config. A local run records its paths as written (relative ones stay relative, so the
     * folder reads the same on another machine), a Spark driver ships them resolved; both name the same files, so a
     * run started one way may be resumed the other.
     */
    static String withResolvedPaths(String yaml, Path workingDir) {
        try {
            JsonNode tree = YAML.readTree(yaml);
            if (tree instanceof ObjectNode) {
                for (String key : ExperimentPaths.KEYS) {
                    int dot = key.indexOf('.');
                    JsonNode section = tree.get(key.substring(0, dot));
                    String field = key.substring(dot + 1);
                    if (section instanceof ObjectNode s && s.hasNonNull(field) && s.get(field).isTextual()) {
                        s.put(field, ExperimentPaths.resolve(workingDir, Path.of(s.get(field).asText())).toString());
                    }
                }
            }
            return YAML.writeValueAsString(tree);
        } catch (IOException e) {
            return yaml; // not YAML: compared as written, so it differs and the resume says so
        }
    }

    static String write(ExperimentConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
