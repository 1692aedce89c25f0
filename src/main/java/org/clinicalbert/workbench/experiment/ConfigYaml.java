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
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
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

    static String write(ExperimentConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
