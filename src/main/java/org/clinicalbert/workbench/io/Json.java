package org.clinicalbert.workbench.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The workbench's shared Jackson mappers, configured once: an ObjectMapper is thread-safe after configuration and
 * costly to create, and one place means one JSON dialect. Never reconfigure them; a reader that needs other settings
 * (a checkpoint's state tolerating newer fields, provenance in snake case) keeps its own, said where it is made.
 */
public final class Json {

    /** Compact output (one line: jsonl records, stdout) and every tree/record read. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** Indented output, for the JSON files people open. */
    public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }
}
