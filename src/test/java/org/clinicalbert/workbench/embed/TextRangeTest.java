package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TextRange#cut}: group-aligned parts that cover every text once, at most the parts asked for. */
class TextRangeTest {

    @Test
    void partsAreWholeGroupsCoveringEveryTextOnce() {
        for (long texts : new long[]{1, 2, 15, 16, 17, 300, 1000, 4097}) {
            for (int buffer : new int[]{1, 3, 16, 4096}) {
                for (int parts : new int[]{1, 2, 3, 7, 64}) {
                    List<TextRange> cut = TextRange.cut(texts, buffer, parts);
                    long groups = (texts + buffer - 1) / buffer;
                    String what = texts + " texts, buffer " + buffer + ", " + parts + " parts: " + cut;
                    assertEquals(Math.min(parts, groups), cut.size(), what);
                    long next = 0;
                    long fewest = Long.MAX_VALUE;
                    long most = 0;
                    for (TextRange r : cut) {
                        assertEquals(next, r.from(), "contiguous, in order: " + what);
                        assertEquals(0, r.from() % buffer, "starts at a group boundary: " + what);
                        assertTrue(r.to() == texts || r.to() % buffer == 0, "ends at a group boundary: " + what);
                        long g = (r.size() + buffer - 1) / buffer;
                        fewest = Math.min(fewest, g);
                        most = Math.max(most, g);
                        next = r.to();
                    }
                    assertEquals(texts, next, "every text: " + what);
                    assertTrue(most - fewest <= 1, "even in groups: " + what);
                }
            }
        }
    }

    @Test
    void exampleAndBadArguments() {
        // 300 texts in groups of 16: 19 groups, 7 + 6 + 6
        assertEquals(List.of(new TextRange(0, 112), new TextRange(112, 208), new TextRange(208, 300)),
                TextRange.cut(300, 16, 3));
        assertEquals(List.of(new TextRange(0, 5)), TextRange.cut(5, 16, 4), "one group: one part");
        assertTrue(assertThrows(UserInputException.class, () -> TextRange.cut(10, 4, 0)).getMessage()
                .contains("--parts must be at least 1, got 0"));
        assertThrows(IllegalArgumentException.class, () -> TextRange.cut(0, 4, 2));
        assertThrows(UserInputException.class, () -> TextRange.cut(10, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new TextRange(5, 5));
    }
}
