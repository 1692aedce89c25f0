package org.clinicalbert.workbench.embed;

import java.nio.file.Path;
import java.util.List;

/**
 * What to read: the input, its kind, the jsonl text and id fields ({@code idField} null: the line number is the id)
 * and, for NOTEEVENTS, the CATEGORY values kept (empty: every category), as {@code mimic format --categories}.
 */
public record InputSpec(Path input, InputKind kind, String field, String idField, List<String> categories) {

    public static final String DEFAULT_FIELD = "text";

    public InputSpec {
        categories = List.copyOf(categories);
    }
}
