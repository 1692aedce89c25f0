package org.clinicalbert.workbench.experiment.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.clinicalbert.workbench.io.StrictUtf8;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One YAML file the workbench reads (an experiment, a sweep, a study, the model registry), parsed: its text, its tree
 * and the line of every key. Every YAML file goes through here, so every one fails the same way: a missing file, a
 * byte order mark or bad UTF-8 ({@link StrictUtf8}), a tab used for indentation, bad syntax, a duplicate key, a
 * document that is not a mapping; and every later error names the file, the line and the key path
 * ({@link #error}). {@link #root()} reads its keys with typed readers ({@link YamlNode}).
 */
public final class YamlFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** What a name that becomes a folder may hold (an experiment's, a sweep's, a study's). */
    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final Path file;
    private final String text;
    private final ObjectNode tree;
    private final KeyLocations locations;

    private YamlFile(Path file, String text, ObjectNode tree, KeyLocations locations) {
        this.file = file;
        this.text = text;
        this.tree = tree;
        this.locations = locations;
    }

    /** Reads and parses {@code file}; a missing or unreadable file is a {@link ConfigException}. */
    public static YamlFile read(Path file) {
        String text;
        try {
            text = StrictUtf8.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, null, "no such file");
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot read: " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    /** Parses YAML text as if read from {@code file} (which names the source in errors). */
    public static YamlFile parse(Path file, String text) {
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
                    + YamlNode.describe(node));
        }
        // located only once the text is known to be well-formed YAML
        return new YamlFile(file, text, (ObjectNode) node, KeyLocations.of(text));
    }

    public Path file() {
        return file;
    }

    public String text() {
        return text;
    }

    /** The parsed tree; the experiment loader edits it in place with {@code --set} overrides. */
    ObjectNode tree() {
        return tree;
    }

    KeyLocations locations() {
        return locations;
    }

    /** The top-level mapping, to read keys from. */
    public YamlNode root() {
        return new YamlNode(this, "", tree);
    }

    /** The file name without its extension: the default name of a sweep or study. */
    public String stem() {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** An error at a key path ("line 12, key train.lr"; just "key train.lr" for a key the file does not hold). */
    public ConfigException error(String keyPath, String message) {
        return locations.error(file, keyPath, message);
    }

    /**
     * Refuses a name that cannot be a folder name; {@code names} says which folder, e.g. "the results folder".
     * The one rule for experiment, sweep and study names.
     */
    public void checkFolderName(String keyPath, String name, String names) {
        if (!FOLDER_NAME.matcher(name).matches()) {
            throw error(keyPath, "'" + name + "' may only hold letters, digits, '.', '_' and '-' (it names " + names
                    + ")");
        }
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
}
