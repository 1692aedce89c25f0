package org.clinicalbert.workbench.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of each key path in a YAML text ({@code parameters.train.lr} for key {@code train.lr} under
 * {@code parameters}), so that an error can say where. Jackson's tree keeps no locations, hence this pass over
 * the parser's tokens.
 */
public final class YamlKeyLines {

    private final Map<String, Integer> lines = new HashMap<>();

    public YamlKeyLines(String yaml) {
        Deque<String> sections = new ArrayDeque<>();
        String pending = null;
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                switch (t) {
                    case FIELD_NAME -> {
                        String prefix = sections.isEmpty() ? "" : sections.peek();
                        pending = prefix.isEmpty() ? p.currentName() : prefix + "." + p.currentName();
                        lines.putIfAbsent(pending, p.getTokenLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        sections.push(pending == null ? "" : pending);
                        pending = null;
                    }
                    case END_OBJECT, END_ARRAY -> sections.pop();
                    default -> pending = null;
                }
            }
        } catch (IOException e) {
            // the text was already parsed once, so this does not happen; without lines errors name the key only
        }
    }

    /** "line 7, key parameters.train.lr", or "key x" for a key the file does not hold. */
    public String describe(String keyPath) {
        Integer line = lines.get(keyPath);
        return line == null ? "key " + keyPath : "line " + line + ", key " + keyPath;
    }
}
