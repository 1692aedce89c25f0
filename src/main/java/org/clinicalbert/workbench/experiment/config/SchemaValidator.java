package org.clinicalbert.workbench.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.clinicalbert.workbench.experiment.config.ConfigKey.Kind;

/**
 * Checks a parsed YAML tree against a {@link ConfigKey} schema and returns every leaf value by dotted path,
 * defaults filled in. Stops at the first problem with an error naming the file and key path.
 *
 * <p>Hand-written rather than Jackson data binding because binding errors neither suggest the key the user
 * meant nor name the range a value must lie in.
 */
final class SchemaValidator {

    /**
     * Jackson reads {@code 2e-5} as a number, but YAML 1.1 tools such as PyYAML read it as a string (their float
     * syntax needs a dot) and may write it quoted; a number key therefore also accepts a string holding a plain
     * decimal number.
     */
    static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final Path file;
    private final KeyLocations locations;

    SchemaValidator(Path file, KeyLocations locations) {
        this.file = file;
        this.locations = locations;
    }

    Map<String, Object> validate(ConfigKey root, JsonNode tree) {
        return validate(root, tree, "");
    }

    /** Validates a subtree whose keys live under {@code prefix} (e.g. {@code models.clinical-bert}). */
    Map<String, Object> validate(ConfigKey root, JsonNode tree, String prefix) {
        Map<String, Object> values = new LinkedHashMap<>();
        section(root, tree, prefix, values);
        if (!prefix.isEmpty()) {
            Map<String, Object> relative = new LinkedHashMap<>();
            values.forEach((k, val) -> relative.put(k.substring(prefix.length() + 1), val));
            return relative;
        }
        return values;
    }

    private void section(ConfigKey key, JsonNode node, String path, Map<String, Object> values) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw error(path, "expected " + Kind.SECTION.description + " (" + String.join(", ", key.childNames())
                    + "), got " + YamlNode.describe(node));
        }
        if (node != null && node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (key.child(name) == null) {
                    throw error(YamlNode.join(path, name),
                            "unknown key" + Suggest.knownKeys(name, path, key.childNames()));
                }
            }
        }
        for (ConfigKey child : key.children()) {
            JsonNode v = node == null || node.isNull() ? null : node.get(child.name());
            String childPath = YamlNode.join(path, child.name());
            if (child.kind() == Kind.SECTION) {
                section(child, v, childPath, values);
            } else if (v == null || v.isNull()) {
                if (child.required()) {
                    throw error(childPath, "missing required key (" + child.doc() + ")");
                }
                values.put(childPath, child.defaultValue());
            } else {
                values.put(childPath, leaf(child, v, childPath));
            }
        }
    }

    private Object leaf(ConfigKey key, JsonNode v, String path) {
        Object value;
        switch (key.kind()) {
            case STRING, PATH -> {
                if (!v.isTextual()) {
                    throw error(path, "expected " + key.kind().description + ", got " + YamlNode.describe(v));
                }
                String s = v.textValue();
                if (s.isBlank()) {
                    throw error(path, "expected " + key.kind().description + ", got an empty string");
                }
                if (!key.allowed().isEmpty() && !key.allowed().contains(s)) {
                    throw error(path, "unknown value '" + s + "'; expected one of " + String.join(", ", key.allowed())
                            + Suggest.didYouMean(s, key.allowed()));
                }
                value = key.kind() == Kind.PATH ? Path.of(s) : s;
            }
            case INTEGER -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw error(path, "expected " + key.kind().description + ", got " + YamlNode.describe(v));
                }
                value = v.longValue();
            }
            case NUMBER -> {
                if (v.isNumber()) {
                    value = v.doubleValue();
                } else if (v.isTextual() && DECIMAL.matcher(v.textValue().trim()).matches()) {
                    value = Double.parseDouble(v.textValue().trim());
                } else {
                    throw error(path, "expected " + key.kind().description + ", got " + YamlNode.describe(v));
                }
                if (!Double.isFinite((Double) value)) {
                    throw error(path, "expected a finite number, got " + value);
                }
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw error(path, "expected " + key.kind().description + ", got " + YamlNode.describe(v));
                }
                value = v.booleanValue();
            }
            default -> throw new IllegalStateException("no leaf kind " + key.kind());
        }
        if (value instanceof Number n && !key.inRange(n.doubleValue())) {
            throw error(path, "value " + v.asText() + " out of range: must be " + key.rangeText());
        }
        return value;
    }

    private ConfigException error(String path, String message) {
        return locations.error(file, path, message);
    }
}
