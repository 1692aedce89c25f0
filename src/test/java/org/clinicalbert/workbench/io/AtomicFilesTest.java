package org.clinicalbert.workbench.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void stagedContentAppearsOnlyOnCommit() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old");
        try (AtomicFiles.Staged staged = AtomicFiles.stage(target, out -> out.write("new".getBytes()))) {
            assertEquals("old", Files.readString(target));
            staged.commit();
        }
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void uncommittedOrFailedStagesLeaveNothing() throws IOException {
        Path target = dir.resolve("out.txt");
        try (AtomicFiles.Staged ignored = AtomicFiles.stage(target, out -> out.write(1))) {
            assertEquals(1, files().size(), "the temp file exists while staged");
        }
        assertTrue(files().isEmpty());
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("fails half-way");
        }));
        assertTrue(files().isEmpty());
    }

    @Test
    void aFullDiskNamesTheFileBeingWrittenAndLeavesNothing() throws IOException {
        Path target = dir.resolve("metrics.json");
        // the channel's own exception, as the JDK throws it on ENOSPC: a message, no file
        FileSystemException full = assertThrows(FileSystemException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100]);
            throw new IOException(AtomicFiles.NO_SPACE);
        }));
        assertEquals(target.toString(), full.getFile());
        assertEquals(AtomicFiles.NO_SPACE, full.getReason());
        assertEquals(List.of(), files(), "no temp file left behind");
        IOException other = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            throw new IOException("Input/output error");
        }));
        assertEquals(IOException.class, other.getClass(), "other errors pass unchanged");
    }
}
