package org.clinicalbert.workbench.data.ner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpanTaggerTest {

    private static EntitySpan span(String text, String type, String covered, int from) {
        int s = text.indexOf(covered, from);
        return new EntitySpan(type, s, s + covered.length(), covered);
    }

    @Test
    void splitsGluedWordsAtEntityBoundariesAndKeepsLineSpanningEntityInOneSentence() {
        String text = "Seen 01/01/1995 by Dr.Smith\nat General\nHospital today.\n\nBye";
        List<EntitySpan> spans = List.of(
                span(text, "DATE", "01/01", 0),
                span(text, "DOCTOR", "Smith", 0),
                span(text, "HOSPITAL", "General\nHospital", 0));
        List<TaggedSentence> out = SpanTagger.tag("d", text, spans);
        assertEquals(3, out.size(), out.toString());
        assertEquals(List.of("Seen", "01/01", "/1995", "by", "Dr.", "Smith"), out.get(0).words());
        assertEquals(List.of("O", "B-DATE", "O", "O", "O", "B-DOCTOR"), out.get(0).tags());
        assertEquals(List.of("at", "General", "Hospital", "today."), out.get(1).words());
        assertEquals(List.of("O", "B-HOSPITAL", "I-HOSPITAL", "O"), out.get(1).tags());
        assertEquals(List.of("Bye"), out.get(2).words());
    }

    @Test
    void adjacentEntitiesOfSameTypeEachOpenWithB() {
        String text = "Smith Jones MA02115";
        List<EntitySpan> spans = List.of(new EntitySpan("DOCTOR", 0, 5, null), new EntitySpan("DOCTOR", 6, 11, null),
                new EntitySpan("STATE", 12, 14, null), new EntitySpan("ZIP", 14, 19, null));
        TaggedSentence s = SpanTagger.tag("d", text, spans).get(0);
        assertEquals(List.of("Smith", "Jones", "MA", "02115"), s.words());
        assertEquals(List.of("B-DOCTOR", "B-DOCTOR", "B-STATE", "B-ZIP"), s.tags());
    }

    @Test
    void spanStartingOnWhitespaceStillOpensWithB() {
        String text = "a  big deal";
        // Span [1,6) covers "  big": its first word is "big".
        TaggedSentence s = SpanTagger.tag("d", text, List.of(new EntitySpan("X", 1, 6, null))).get(0);
        assertEquals(List.of("O", "B-X", "O"), s.tags());
    }
}
