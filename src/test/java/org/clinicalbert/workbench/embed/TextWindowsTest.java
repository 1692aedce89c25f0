package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.UserInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link TextWindows} against run_squad.py's doc-span loop worked by hand, and {@link LayerSelection} parsing. */
class TextWindowsTest {

    @Test
    void windowsAsRunSquadCutsDocSpans() {
        TextWindows w = new TextWindows(8, 4); // 6 pieces a window, starts 4 apart
        assertEquals(List.of(new TextWindows.Window(0, 0)), w.plan(0));
        assertEquals(List.of(new TextWindows.Window(0, 6)), w.plan(6));
        assertEquals(List.of(new TextWindows.Window(0, 6), new TextWindows.Window(4, 3)), w.plan(7));
        assertEquals(List.of(new TextWindows.Window(0, 6), new TextWindows.Window(4, 6),
                new TextWindows.Window(8, 5)), w.plan(13));
        assertEquals(List.of(new TextWindows.Window(0, 6), new TextWindows.Window(6, 4)),
                new TextWindows(8, 6).plan(10), "stride = window: no overlap");
        assertEquals(63, TextWindows.defaultStride(128));
        assertThrows(UserInputException.class, () -> new TextWindows(8, 7));
        assertThrows(UserInputException.class, () -> new TextWindows(8, 0));
    }

    @Test
    void layerSpecs() {
        assertEquals(List.of(12), LayerSelection.parse("-1", 12).layers());
        assertEquals(List.of(9, 10, 11, 12), LayerSelection.parse("-4..-1", 12).layers());
        assertEquals(List.of(0, 6, 12), LayerSelection.parse("0, 6,-1", 12).layers());
        assertEquals(List.of(1, 2, 3, 12), LayerSelection.parse("1..3,12,-1", 12).layers());
        assertEquals(List.of(0), LayerSelection.parse("-13", 12).layers());
        for (String bad : List.of("13", "-14", "-1..-4", "x", "", "1,,2")) {
            UserInputException e = assertThrows(UserInputException.class,
                    () -> LayerSelection.parse(bad, 12), bad);
            assertEquals(true, e.getMessage().startsWith("--layers " + bad.strip()), e.getMessage());
        }
    }
}
