package org.clinicalbert.workbench.data.ner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
        return validate(file, docId, text, spans, Map.of(), report);
    }

    /**
     * As {@link #validate(Path, String, String, List, IssueReport)}, each issue's detail starting with where the
     * span is annotated in {@code file} ("line 12", "line 40, column 7"): a dropped span is located, not only
     * counted.
     *
     * @param where the annotation's place in the file, by span instance (an {@link IdentityHashMap}: two
     *              duplicate annotations are equal spans at different lines); spans it lacks are not located
     */
    public List<EntitySpan> validate(Path file, String docId, String text, List<EntitySpan> spans,
                                     Map<EntitySpan, String> where, IssueReport report) {
        java.util.function.BiFunction<EntitySpan, String, String> at = (s, detail) -> where.containsKey(s)
                ? where.get(s) + ": " + detail : detail;
        List<EntitySpan> inRange = new ArrayList<>();
        for (EntitySpan s : spans) {
            if (s.type().isBlank()) {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.MISSING_TYPE, at.apply(s, "empty type")));
            } else if (s.start() < 0 || s.end() > text.length() || s.start() >= s.end()) {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.OUT_OF_RANGE,
                        at.apply(s, "document has " + text.length() + " characters")));
            } else {
                if (s.text() != null) {
                    String observed = text.substring(s.start(), s.end());
                    if (!matcher.matches(s.text(), observed)) {
                        report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.TEXT_MISMATCH,
                                at.apply(s, "document has \"" + TextMatcher.collapse(observed) + "\"")));
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
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.DUPLICATE, at.apply(s, "same as " + last)));
            } else if (s.end() <= last.end()) {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.NESTED, at.apply(s, "inside " + last)));
            } else {
                report.add(new SpanIssue(file, docId, s, SpanIssue.Kind.OVERLAP, at.apply(s, "overlaps " + last)));
            }
        }
        return kept;
    }
}
