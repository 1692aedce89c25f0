package org.clinicalbert.workbench.data.ner;

import java.util.Objects;

/**
 * One annotated entity: its type and where it lies in the document text, as Java char offsets
 * (UTF-16 units, start inclusive, end exclusive). {@code text} is the annotation's own copy of the
 * covered text when the format has one (null otherwise); readers compare it with the document.
 */
public record EntitySpan(String type, int start, int end, String text) {

    public EntitySpan {
        Objects.requireNonNull(type, "type");
    }

    public int length() {
        return end - start;
    }

    @Override
    public String toString() {
        return type + "[" + start + "," + end + ")" + (text == null ? "" : "\"" + text + "\"");
    }
}
