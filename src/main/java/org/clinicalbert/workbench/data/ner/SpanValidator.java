package org.clinicalbert.workbench.data.ner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a document's spans before tagging: offsets in range, annotation text matches the document,
 * no overlaps (BIO tags cannot express them). Every problem becomes a {@link SpanIssue}; nothing is
 * dropped without one.
 */
public final class SpanValidator {

    private final TextMatcher matcher;

    public SpanValidator(TextMatcher matcher) {
        this.matcher = matcher;
    }

    /** Returns the usable spans, sorted by start; records issues for the rest (and for kept mismatches). */
    public List<EntitySpan> validate(Path file, String docId, String text, List<EntitySpan> spans, IssueReport report) {
        List<EntitySpan> inRange = new ArrayList<>();
        for (EntitySpan s : spans) {
            if (s.type().isBlank()) {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.MISSING_TYPE, "empty type"));
            } else if (s.start() < 0 || s.end() > text.length() || s.start() >= s.end()) {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.OUT_OF_RANGE,
                        "document has " + text.length() + " characters"));
            } else {
                if (s.text() != null) {
                    String observed = text.substring(s.start(), s.end());
                    if (!matcher.matches(s.text(), observed)) {
                        report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.TEXT_MISMATCH,
                                "document has \"" + TextMatcher.collapse(observed) + "\""));
                    }
                }
                inRange.add(s);
            }
        }
        // Longest first at equal starts, so a nested span loses to the span that contains it.
        inRange.sort(Comparator.comparingInt(EntitySpan::start).thenComparing(Comparator.comparingInt(EntitySpan::end).reversed()));
        List<EntitySpan> kept = new ArrayList<>();
        for (EntitySpan s : inRange) {
            EntitySpan last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            if (last == null || s.start() >= last.end()) {
                kept.add(s);
            } else if (s.start() == last.start() && s.end() == last.end() && s.type().equals(last.type())) {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.DUPLICATE, "same as " + last));
            } else if (s.end() <= last.end()) {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.NESTED, "inside " + last));
            } else {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.OVERLAP, "overlaps " + last));
            }
        }
        return kept;
    }
}
