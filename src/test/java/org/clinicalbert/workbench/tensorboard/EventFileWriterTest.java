package org.clinicalbert.workbench.tensorboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class EventFileWriterTest {

    @TempDir
    Path dir;

    private static List<Long> lossSteps(Path file) throws IOException {
        return EventFiles.read(file).events().stream().filter(e -> e.summary() != null)
                .filter(e -> e.summary().getValue(0).getTag().equals("train/loss")).map(Event::step).toList();
    }

    @Test
    void aResumedRunContinuesItsFileWithoutRepeatingSteps() throws IOException {
        Path file;
        try (EventFileWriter w = EventFileWriter.open(dir, 0)) {
            file = w.file();
            w.write(0, Summaries.text("config", "x"));
            for (long s = 1; s <= 5; s++) {
                w.write(s, Summaries.scalar("train/loss", 1.0 / s));
            }
        }
        // killed in the middle of writing a record: half of one more record's bytes on disk
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOfRange(whole, whole.length - 30, whole.length - 10), StandardOpenOption.APPEND);
        assertNotNull(EventFiles.read(file).damagedTail());

        try (EventFileWriter w = EventFileWriter.open(dir, 3)) {
            assertEquals(file, w.file(), "the same file goes on");
            for (long s = 4; s <= 6; s++) {
                w.write(s, Summaries.scalar("train/loss", 1.0 / s));
            }
        }
        EventFiles.Contents read = EventFiles.read(file);
        assertNull(read.damagedTail());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), lossSteps(file));
        assertEquals(Event.FILE_VERSION, read.events().get(0).fileVersion());
        assertEquals("config", read.events().get(1).summary().getValue(0).getTag());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "one event file, no temp file left");
        }
    }

    @Test
    void eventsReachTheDiskAtFlush() throws IOException {
        try (EventFileWriter w = EventFileWriter.open(dir, 0)) {
            w.write(1, Summaries.scalar("train/loss", 0.5));
            assertEquals(List.of(), lossSteps(w.file()), "buffered until flushed");
            w.flush();
            assertEquals(List.of(1L), lossSteps(w.file()));
        }
    }
}
