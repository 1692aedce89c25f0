package org.clinicalbert.workbench.data.ner;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpanValidatorTest {

    @Test
    void reportsEveryRejectedSpanWithItsKindAndKeepsMismatches() {
        String text = "Johnson & Johnson in Boston today";
        IssueReport report = new IssueReport();
        List<EntitySpan> spans = List.of(
                new EntitySpan("ORGANIZATION", 0, 17, "Johnson and Johnson"), // mismatch: kept
                new EntitySpan("PATIENT", 0, 7, "Johnson"),                   // nested in the organisation
                new EntitySpan("CITY", 21, 27, "Boston"),
                new EntitySpan("CITY", 21, 27, "Boston"),                     // duplicate
                new EntitySpan("DATE", 24, 33, "ton today"),                  // overlaps Boston
                new EntitySpan("DATE", 30, 99, null),                         // out of range
                new EntitySpan("DATE", 5, 5, null),                           // empty
                new EntitySpan(" ", 1, 2, null));                             // no type
        List<EntitySpan> kept = new SpanValidator(TextMatcher.XML_ATTRIBUTE).validate(Path.of("f.xml"), "f", text, spans, report);
        assertEquals(List.of(spans.get(0), spans.get(2)), kept);
        assertEquals(1, report.count(SpanIssue.Kind.TEXT_MISMATCH));
        assertEquals(1, report.count(SpanIssue.Kind.NESTED));
        assertEquals(1, report.count(SpanIssue.Kind.DUPLICATE));
        assertEquals(1, report.count(SpanIssue.Kind.OVERLAP));
        assertEquals(2, report.count(SpanIssue.Kind.OUT_OF_RANGE));
        assertEquals(1, report.count(SpanIssue.Kind.MISSING_TYPE));
        assertEquals(7, report.total());
        assertTrue(report.issues().stream().allMatch(i -> i.file().equals(Path.of("f.xml")) && i.documentId().equals("f")));
    }

    @Test
    void xmlMatcherAcceptsEntityStringsInRawTextAndCollapsedWhitespace() {
        assertTrue(TextMatcher.XML_ATTRIBUTE.matches("O'Neil's  Court", "O&apos;Neil&apos;s\nCourt"));
        assertTrue(TextMatcher.XML_ATTRIBUTE.matches("A & B", "A &amp; B"));
        assertTrue(!TextMatcher.XML_ATTRIBUTE.matches("A and B", "A & B"));
        assertTrue(TextMatcher.CASE_INSENSITIVE.matches("chest pain", "Chest  Pain"));
    }
}
