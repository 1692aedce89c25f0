package org.clinicalbert.workbench.experiment.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where each key of a YAML file is (its line), and which keys a {@code --set} override replaced, so that an
 * error can say "line 12, key train.lr" or "key train.lr, set by --set". Jackson's tree keeps no locations, hence
 * this pass over the parser's tokens. Used for experiment files, the model registry and sweep files: the one
 * place YAML key paths are located (keys inside a list get {@code []} after the list's key). Reached through
 * {@link YamlFile}, which builds one per file.
 */
final class KeyLocations {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, Integer> lines;
    private final Set<String> overridden = new HashSet<>();

    private KeyLocations(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** Indexes the line of every key path of already-parsed (hence well-formed) YAML text. */
    static KeyLocations of(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        Deque<String> sections = new ArrayDeque<>();
        String pending = null;
        try (JsonParser p = YAML.createParser(yaml)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                switch (t) {
                    case FIELD_NAME -> {
                        String prefix = sections.isEmpty() ? "" : sections.peek();
                        pending = prefix.isEmpty() ? p.currentName() : prefix + "." + p.currentName();
                        lines.putIfAbsent(pending, p.getTokenLocation().getLineNr());
                    }
                    case START_OBJECT -> {
                        sections.push(pending == null ? "" : pending);
                        pending = null;
                    }
                    case START_ARRAY -> {
                        sections.push((pending == null ? "" : pending) + "[]");
                        pending = null;
                    }
                    case END_OBJECT, END_ARRAY -> sections.pop();
                    default -> pending = null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KeyLocations(lines);
    }

    void markOverridden(String keyPath) {
        overridden.add(keyPath);
    }

    /** "line 12, key train.lr", "key train.lr, set by --set", or "key train.lr" for a key not in the file. */
    String describe(String keyPath) {
        if (overridden.contains(keyPath)) {
            return "key " + keyPath + ", set by --set";
        }
        Integer line = lines.get(keyPath);
        return line == null ? "key " + keyPath : "line " + line + ", key " + keyPath;
    }

    ConfigException error(java.nio.file.Path file, String keyPath, String message) {
        return new ConfigException(file, describe(keyPath), keyPath, message, null);
    }
}
