package org.clinicalbert.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConllFileTest {

    @Test
    void readsSentencesSplitByBlankAndBoundaryLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.txt");
        Files.writeString(f, "\nchest NN B-problem B-problem\npain NN I-problem O\n\n\n-X- x O O\nno DT O O\n");
        assertEquals(List.of(
                List.of(new TagPair("B-problem", "B-problem"), new TagPair("I-problem", "O")),
                List.of(new TagPair("O", "O"))), ConllFile.read(f));
    }

    @Test
    void badLinesNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.txt");
        Files.writeString(f, "a O O\n\nb O\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> ConllFile.read(f));
        assertEquals(f + " (line 3): expected 3 space-separated fields as on the first word line, found 2", e.getMessage());
        Files.writeString(f, "a\n");
        assertEquals(f + " (line 1): expected at least 2 fields (gold tag, predicted tag), found 1",
                assertThrows(InputFormatException.class, () -> ConllFile.read(f)).getMessage());
    }
}
