package org.clinicalbert.workbench.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import org.clinicalbert.workbench.experiment.config.ConfigKey.Kind;

/**
 * Command-line {@code --set dotted.key=value} overrides, applied to the parsed YAML before validation.
 * The value is typed by the key it targets ({@code train.lr=3e-5} a number, {@code train.epochs=4} an
 * integer); {@code key=null} removes the key so its default applies.
 */
final class Overrides {

    private Overrides() {
    }

    static void apply(Path file, ObjectNode root, ConfigKey schema, List<String> sets, KeyLocations locations) {
        for (String set : sets) {
            String where = "override --set " + set;
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw error(file, where, null, "expected dotted.key=value");
            }
            String path = set.substring(0, eq).trim();
            String raw = set.substring(eq + 1).trim();
            String[] parts = path.split("\\.", -1);
            ConfigKey key = schema;
            ObjectNode parent = root;
            for (int i = 0; i < parts.length; i++) {
                String prefix = String.join(".", List.of(parts).subList(0, i));
                ConfigKey next = key.child(parts[i]);
                if (next == null) {
                    throw error(file, where, path, "unknown key " + path + Suggest.knownKeys(parts[i], prefix,
                            key.childNames()));
                }
                key = next;
                if (i < parts.length - 1) {
                    if (key.kind() != Kind.SECTION) {
                        throw error(file, where, path, String.join(".", List.of(parts).subList(0, i + 1))
                                + " is not a section");
                    }
                    JsonNode child = parent.get(parts[i]);
                    parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
                }
            }
            if (key.kind() == Kind.SECTION) {
                throw error(file, where, path, path + " is a section; set one of its keys: "
                        + String.join(", ", key.childNames()));
            }
            String leaf = parts[parts.length - 1];
            locations.markOverridden(path);
            if (raw.equals("null")) {
                parent.remove(leaf);
            } else {
                parent.set(leaf, typed(file, where, path, key, raw));
            }
        }
    }

    private static JsonNode typed(Path file, String where, String path, ConfigKey key, String raw) {
        try {
            switch (key.kind()) {
                case INTEGER:
                    return LongNode.valueOf(Long.parseLong(raw));
                case NUMBER:
                    if (!SchemaValidator.DECIMAL.matcher(raw).matches()) {
                        throw new NumberFormatException(raw); // no NaN, Infinity, hex or 1f forms
                    }
                    return DoubleNode.valueOf(Double.parseDouble(raw));
                case BOOLEAN:
                    if (!raw.equals("true") && !raw.equals("false")) {
                        throw new NumberFormatException(raw);
                    }
                    return com.fasterxml.jackson.databind.node.BooleanNode.valueOf(raw.equals("true"));
                default:
                    if (!key.allowed().isEmpty() && !key.allowed().contains(raw)) {
                        throw error(file, where, path, "unknown value '" + raw + "' for " + path + "; expected one of "
                                + String.join(", ", key.allowed()) + Suggest.didYouMean(raw, key.allowed()));
                    }
                    return TextNode.valueOf(raw);
            }
        } catch (NumberFormatException e) {
            throw error(file, where, path, path + " needs " + key.kind().description + ", got '" + raw + "'");
        }
    }

    private static ConfigException error(Path file, String where, String path, String message) {
        return new ConfigException(file, where, path, message, null);
    }
}
