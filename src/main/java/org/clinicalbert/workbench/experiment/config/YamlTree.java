package org.clinicalbert.workbench.experiment.config;

import org.clinicalbert.workbench.io.StrictUtf8;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a YAML file into a Jackson tree; a duplicate key, bad syntax or a non-mapping document is an error. Used by
 * every YAML the workbench reads (experiments, sweeps, studies), so they fail the same way.
 */
public final class YamlTree {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private YamlTree() {
    }

    /** The file's text; a missing or unreadable file is a ConfigException. */
    static String readText(Path file) {
        String text;
        try {
            text = StrictUtf8.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, null, "no such file");
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot read: " + e.getMessage(), e);
        }
        return text;
    }

    static ObjectNode read(Path file) {
        return parse(file, readText(file));
    }

    /**
     * One line at the place SnakeYAML found the problem (its problem mark; Jackson's own location is the token
     * before, often the line above, and SnakeYAML's message spans lines with a second line number and a caret).
     */
    private static ConfigException syntaxError(Path file, JsonProcessingException e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null && m.getProblem() != null) {
                String where = "line " + (m.getProblemMark().getLine() + 1) + ", column "
                        + (m.getProblemMark().getColumn() + 1);
                String problem = m.getProblem().contains("\\t(TAB)")
                        ? "a tab character, which YAML does not allow for indentation: indent with spaces"
                        : "not valid YAML: " + oneLine(m.getProblem());
                return new ConfigException(file, where, null, problem, e);
            }
        }
        String where = e.getLocation() == null ? null : "line " + e.getLocation().getLineNr();
        return new ConfigException(file, where, null, "not valid YAML: " + oneLine(e.getOriginalMessage()), e);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    public static ObjectNode parse(Path file, String text) {
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new ConfigException(file, null, "empty file");
        }
        if (!node.isObject()) {
            throw new ConfigException(file, null, "expected a mapping of keys at the top, got "
                    + SchemaValidator.describe(node));
        }
        return (ObjectNode) node;
    }
}
