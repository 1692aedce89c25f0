package org.clinicalbert.workbench.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A value at a key path of a {@link YamlFile}, with the typed readers sweep and study files use (text, integer,
 * boolean, plain value, mapping, list): each refuses a wrong value with one error naming the file, the key's line
 * and its path, in the same words whichever file it is in. A key the file does not hold is an absent node
 * ({@link #present()} false), so optional keys read without null checks. The elements of a list share the list's
 * key path (an error in one points at the list's line).
 */
public final class YamlNode {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

    private final YamlFile file;
    private final String path;
    private final String key;
    private final JsonNode json;

    YamlNode(YamlFile file, String path, JsonNode json) {
        this(file, path, path, json);
    }

    private YamlNode(YamlFile file, String path, String key, JsonNode json) {
        this.file = file;
        this.path = path;
        this.key = key;
        this.json = json;
    }

    public YamlFile file() {
        return file;
    }

    /** The dotted key path, e.g. {@code tasks.mednli.grid.train.lr}; empty for the top. */
    public String path() {
        return path;
    }

    /** The key as written in its mapping (which may itself hold dots, e.g. {@code train.lr}). */
    public String key() {
        return key;
    }

    /** The parsed value; null when the key is absent. */
    public JsonNode json() {
        return json;
    }

    /** Whether the key is in the file, possibly with an empty (null) value. */
    public boolean present() {
        return json != null;
    }

    /** Whether the key is in the file with a value other than null. */
    public boolean isSet() {
        return json != null && !json.isNull();
    }

    /** The value under {@code childKey}: absent when this is not a mapping or has no such key. */
    public YamlNode get(String childKey) {
        JsonNode child = json != null && json.isObject() ? json.get(childKey) : null;
        return new YamlNode(file, join(path, childKey), childKey, child);
    }

    /** This mapping's entries in file order (none when this is not a mapping). */
    public List<YamlNode> entries() {
        List<YamlNode> out = new ArrayList<>();
        if (json != null && json.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new YamlNode(file, join(path, e.getKey()), e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** Refuses a key not in {@code known}, at its own line, suggesting the known key it most resembles. */
    public void onlyKeys(List<String> known) {
        for (YamlNode e : entries()) {
            if (!known.contains(e.key)) {
                throw e.error("unknown key '" + e.key + "'" + Suggest.knownKeys(e.key, path, known));
            }
        }
    }

    /** This node when it holds a value; else "missing required key: {@code why}". */
    public YamlNode required(String why) {
        if (!isSet()) {
            throw error("missing required key: " + why);
        }
        return this;
    }

    /** A non-blank scalar as text. */
    public String text() {
        if (json == null || !json.isValueNode() || json.isNull() || json.asText().isBlank()) {
            throw error("expected a text value, got " + describe(json));
        }
        return json.asText();
    }

    /** {@link #text()}, or {@code fallback} when the key is absent. */
    public String text(String fallback) {
        return present() ? text() : fallback;
    }

    /** An integer in [min, max] (Long.MIN_VALUE and Long.MAX_VALUE leave a side open). */
    public long integer(long min, long max) {
        if (json == null || !json.isIntegralNumber() || !json.canConvertToLong() || json.longValue() < min
                || json.longValue() > max) {
            throw error("expected an integer" + (min == Long.MIN_VALUE ? "" : " >= " + min)
                    + (max == Long.MAX_VALUE ? "" : " and <= " + max) + ", got " + describe(json));
        }
        return json.longValue();
    }

    /** {@link #integer(long, long)}, or {@code fallback} when the key is absent. */
    public long integer(long min, long max, long fallback) {
        return present() ? integer(min, max) : fallback;
    }

    /** true or false; {@code fallback} when the key is absent. */
    public boolean bool(boolean fallback) {
        if (!present()) {
            return fallback;
        }
        if (!json.isBoolean()) {
            throw error("expected true or false, got " + describe(json));
        }
        return json.booleanValue();
    }

    /**
     * A plain value as the user wrote it: Integer, Long, Double or String (a boolean as its text). A quoted plain
     * decimal ("2e-5") counts as a number, as for an experiment's number keys.
     */
    public Object plainValue() {
        if (json != null && json.isIntegralNumber() && json.canConvertToLong()) {
            long l = json.longValue();
            return l == (int) l ? (Object) (int) l : (Object) l;
        }
        if (json != null && json.isNumber()) {
            return json.doubleValue();
        }
        if (json != null && json.isTextual()) {
            String s = json.textValue().trim();
            if (INTEGER.matcher(s).matches()) {
                long l = Long.parseLong(s);
                return l == (int) l ? (Object) (int) l : (Object) l;
            }
            return SchemaValidator.DECIMAL.matcher(s).matches() ? Double.parseDouble(s) : json.textValue();
        }
        if (json != null && json.isBoolean()) {
            return String.valueOf(json.booleanValue());
        }
        throw error("expected a plain value (number or text), got " + describe(json));
    }

    /** This node when it is a mapping or empty (null); else "expected {@code expected}". */
    public YamlNode mapping(String expected) {
        if (isSet() && !json.isObject()) {
            throw error("expected " + expected);
        }
        return this;
    }

    /** This node when it is a mapping with at least one key; else "expected {@code expected}". */
    public YamlNode nonEmptyMapping(String expected) {
        if (!isSet() || !json.isObject() || json.isEmpty()) {
            throw error("expected " + expected);
        }
        return this;
    }

    /** The elements of a non-empty list, each at this key; else "expected {@code expected}". */
    public List<YamlNode> nonEmptyList(String expected) {
        if (!isSet() || !json.isArray() || json.isEmpty()) {
            throw error("expected " + expected);
        }
        return elements();
    }

    /** The elements of a list, each at this key (none when this is not a list). */
    public List<YamlNode> elements() {
        List<YamlNode> out = new ArrayList<>();
        if (json != null && json.isArray()) {
            for (JsonNode element : json) {
                out.add(new YamlNode(file, path, key, element));
            }
        }
        return out;
    }

    /** An error at this key. */
    public ConfigException error(String message) {
        return file.error(path, message);
    }

    /** A value for "got ...": {@code string 'x'}, {@code integer 3}, {@code a list}, {@code null}... */
    public static String describe(JsonNode v) {
        if (v == null) {
            return "nothing";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isTextual()) {
            return "string '" + v.textValue() + "'";
        }
        if (v.isIntegralNumber()) {
            return "integer " + v.asText();
        }
        if (v.isNumber()) {
            return "number " + v.asText();
        }
        if (v.isBoolean()) {
            return "boolean " + v.asText();
        }
        return v.getNodeType().toString().toLowerCase();
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
