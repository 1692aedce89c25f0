package org.clinicalbert.workbench.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The inputs {@code embed} reads. */
public enum InputKind {
    /** One text per line; blank lines are skipped; the id is the line number. */
    LINES,
    /** One JSON object per line with a text field ({@code --field}) and optionally an id field. */
    JSONL,
    /** MIMIC-III NOTEEVENTS.csv[.gz]: one text per selected note, ROW_ID as id. */
    NOTEEVENTS,
    /** The shards written by {@code mimic format}: one sentence per line, {@code shard:line} as id. */
    SHARDS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the path: a directory holds shards, .jsonl is jsonl, .csv[.gz] is NOTEEVENTS, anything else lines. */
    public static InputKind detect(Path input) {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(input)) {
            return SHARDS;
        } else if (name.endsWith(".jsonl")) {
            return JSONL;
        } else if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return NOTEEVENTS;
        } else if (name.matches("shard-\\d+\\.txt")) {
            return SHARDS;
        }
        return LINES;
    }
}
