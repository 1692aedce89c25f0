package org.clinicalbert.workbench.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader never sees a half-written one: content goes to a temp file
 * in the same directory, is flushed to disk, then renamed over the target.
 */
public final class AtomicFiles {

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Content written in full to a hidden temp file beside its target, not yet visible under the target name.
     * For files that only make sense together (a checkpoint's index and data): stage all, then commit in order.
     * Closing an uncommitted one deletes the temp file.
     */
    public static final class Staged implements Closeable {
        private final Path target;
        private final Path tmp;
        private boolean committed;

        private Staged(Path target, Path tmp) {
            this.target = target;
            this.tmp = tmp;
        }

        /** Renames the temp file over the target (atomically where the file system can). */
        public void commit() throws IOException {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The operating system's words for a full disk (ENOSPC), which Java passes through as the message. */
    public static final String NO_SPACE = "No space left on device";

    private AtomicFiles() {
    }

    /** Writes and flushes {@code target}'s content to a temp file; nothing appears under {@code target} yet. */
    public static Staged stage(Path target, Writer writer) throws IOException {
        if (Files.isDirectory(target)) {
            // else the rename fails naming the temp file, which the user never asked for
            throw new FileSystemException(target.toString(), null, "Is a directory");
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        shareable(tmp);
        Staged staged = new Staged(target, tmp);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
            writer.writeTo(out);
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException | Error e) {
            try {
                staged.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw namingTarget(io, target);
            }
            throw e;
        }
        return staged;
    }

    /**
     * A full disk surfaces as a bare {@code IOException("No space left on device")} from the channel, which names no
     * file; the user needs to know which path (so which file system) ran out, so the target is put on it.
     */
    static IOException namingTarget(IOException e, Path target) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return e;
        }
        String message = e.getMessage();
        if (message == null || !message.contains(NO_SPACE)) {
            return e;
        }
        FileSystemException named = new FileSystemException(target.toString(), null, NO_SPACE);
        named.initCause(e);
        return named;
    }

    public static void write(Path target, Writer writer) throws IOException {
        try (Staged staged = stage(target, writer)) {
            staged.commit();
        }
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /** Temp files are created 0600; results and checkpoints are meant to be shared like any other file. */
    private static void shareable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
    }
}
