package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress on a pipe or in a file: plain lines, one per 10%, no escape codes, carriage returns or truncation. */
class PlainProgressLinesTest {

    @Test
    void aLinePerTenPercentWithoutEscapesOrBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String longMessage = " " + "x".repeat(150);
        try (ProgressBar bar = ProgressBars.builder("task", out, false).setInitialMax(100)
                .setUpdateIntervalMillis(1).build()) {
            bar.setExtraMessage(longMessage);
            for (int i = 1; i <= 100; i++) {
                bar.stepTo(i);
                bar.refresh();
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r") || text.contains("\u001B"), text);
        List<String> lines = text.lines().toList();
        // at most one line per decile (0..100%: 11) plus the final state
        assertTrue(lines.size() >= 2 && lines.size() <= 12, lines.size() + " lines: " + text);
        assertTrue(lines.get(lines.size() - 1).contains("100%"), text);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("task")), text);
        assertTrue(lines.get(lines.size() - 1).contains(longMessage.strip()), "not cut at a terminal width: " + text);
        assertFalse(lines.get(lines.size() - 1).contains("[="), "the bar drawing is left out: " + text);
    }

    @Test
    void plainRemovesColoursAndTheBar() {
        assertEquals("embed 42% 10/24 MB (0:00:03 / 0:00:04) 3 MB/s", PlainProgressLines.plain(
                "\u001B[33membed 42% [=====>     ] 10/24 MB (0:00:03 / 0:00:04) 3 MB/s\u001B[0m\r"));
    }
}
