package org.clinicalbert.workbench.data.ner;

import java.nio.file.Path;

/** One annotation a reader could not use as given, with where it came from and why. */
public record SpanIssue(Path file, String documentId, EntitySpan span, Kind kind, String detail) {

    public enum Kind {
        /** The annotation's own text differs from the document text at its offsets (span is kept). */
        TEXT_MISMATCH,
        /** Partly overlaps an earlier span (dropped: BIO cannot express it). */
        OVERLAP,
        /** Lies inside an earlier span (dropped: BIO cannot express it). */
        NESTED,
        /** Same offsets and type as an earlier span (dropped). */
        DUPLICATE,
        /** Offsets outside the document, or empty (dropped). */
        OUT_OF_RANGE,
        /** The annotation has an empty type (dropped, as the original converters do). */
        MISSING_TYPE
    }

    /** Whether the span was still used for tagging despite the issue (the run's data notes locate the others). */
    public boolean kept() {
        return kind == Kind.TEXT_MISMATCH;
    }

    @Override
    public String toString() {
        return file + " [" + documentId + "] " + kind + " " + span + (detail == null ? "" : ": " + detail);
    }
}
