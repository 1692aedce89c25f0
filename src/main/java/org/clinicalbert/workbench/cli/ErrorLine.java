package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.config.MissingCheckpointException;
import org.clinicalbert.workbench.io.UserInputException;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * What the user sees when a command fails: one line {@code error: <file>[ (<line or record>)]: <what is wrong>}
 * and the exit code: {@link #BAD_INPUT} when the input, a path or an option is wrong (fix it and rerun),
 * {@link #FAILED} when the run itself failed (disk full, out of memory, a bug).
 */
public record ErrorLine(int exitCode, String text) {

    /** Bad input: a file, path, option or config the user can fix; as picocli's own usage errors. */
    public static final int BAD_INPUT = 2;
    /** The work itself failed. */
    public static final int FAILED = 1;

    private static final String NO_SPACE = org.clinicalbert.workbench.io.AtomicFiles.NO_SPACE;

    /** The line for {@code t}: the first cause in its chain that says what the user did wrong, else {@code t}. */
    public static ErrorLine of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            ErrorLine known = known(c);
            if (known != null) {
                return known;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IllegalArgumentException || c instanceof IllegalStateException) {
                return new ErrorLine(c instanceof IllegalArgumentException ? BAD_INPUT : FAILED, "error: " + message(c));
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        return new ErrorLine(FAILED, "error: " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage())
                + " (unexpected; rerun with --debug or WORKBENCH_DEBUG=1 for the stack trace)");
    }

    private static ErrorLine known(Throwable c) {
        if (c instanceof UserInputException || c instanceof MissingCheckpointException
                || c instanceof org.clinicalbert.workbench.runs.RunLock.FolderInUseException) {
            return bad(message(c));
        }
        if (c instanceof OutOfMemoryError) {
            return new ErrorLine(FAILED, "error: out of memory (raise the Java heap with WORKBENCH_JAVA_OPTS=-Xmx16g, "
                    + "or lower the batch size or max_seq_length)");
        }
        if (c instanceof UncheckedIOException) {
            return null; // its cause says more
        }
        if (c instanceof FileSystemException f) {
            return fileSystem(f);
        }
        if (c instanceof CharacterCodingException) {
            return bad("input is not valid UTF-8 (" + c.getClass().getSimpleName() + ": " + c.getMessage() + ")");
        }
        if (c instanceof NumberFormatException) {
            return bad("not a number: " + c.getMessage().replace("For input string: ", ""));
        }
        if (c instanceof ZipException || c instanceof EOFException) {
            return bad("truncated or corrupt compressed input (" + c.getMessage() + ")");
        }
        if (c instanceof IOException io && io.getMessage() != null && io.getMessage().contains(NO_SPACE)) {
            return new ErrorLine(FAILED, "error: no space left on device (" + io.getMessage() + ")");
        }
        return null;
    }

    private static ErrorLine fileSystem(FileSystemException f) {
        String file = f.getFile() == null ? "<file>" : f.getFile();
        String reason = f.getReason() == null ? "" : f.getReason();
        if (reason.contains(NO_SPACE)) {
            return new ErrorLine(FAILED, "error: " + file + ": no space left on device");
        }
        if (f instanceof NoSuchFileException) {
            return bad(file + ": no such file or folder");
        }
        if (f instanceof AccessDeniedException) {
            return bad(file + ": permission denied");
        }
        if (f instanceof NotDirectoryException || reason.equals("Not a directory")) {
            Path asFile = regularFileOnTheWay(Path.of(file));
            return bad((asFile == null ? file : asFile.toString()) + ": exists as a file, a folder is needed here");
        }
        if (f instanceof FileAlreadyExistsException) {
            return bad(file + (Files.isRegularFile(Path.of(file)) ? ": exists as a file, a folder is needed here"
                    : ": already exists"));
        }
        if (f instanceof DirectoryNotEmptyException) {
            return bad(file + ": folder is not empty");
        }
        if (reason.equals("Is a directory")) {
            return bad(file + ": is a folder, a file is needed here");
        }
        if (reason.equals("Read-only file system")) {
            return bad(file + ": read-only file system");
        }
        return new ErrorLine(FAILED, "error: " + file + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile())
                + ": " + (reason.isEmpty() ? f.getClass().getSimpleName() : reason));
    }

    /** The path itself or the nearest ancestor that is a plain file (why a folder below it cannot exist). */
    private static Path regularFileOnTheWay(Path p) {
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q)) {
                return q;
            }
        }
        return null;
    }

    private static ErrorLine bad(String what) {
        return new ErrorLine(BAD_INPUT, "error: " + what);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
