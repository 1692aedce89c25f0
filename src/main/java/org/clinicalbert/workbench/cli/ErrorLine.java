package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.experiment.config.MissingCheckpointException;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.io.WorkFailedException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
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
 * and the exit code: {@link #BAD_INPUT} when the input, a path or an option is wrong (fix it and rerun: a
 * {@link UserInputException}, a missing file, a folder in the way), {@link #FAILED} when the run itself failed (disk
 * full, out of memory, parts that failed: a {@link WorkFailedException}) or the workbench has a bug (any other
 * exception, {@link IllegalArgumentException} and {@link IllegalStateException} included: the line says so and
 * how to get the stack trace).
 */
public record ErrorLine(int exitCode, String text) {

    /** Bad input: a file, path, option or config the user can fix; as picocli's own usage errors. */
    public static final int BAD_INPUT = 2;
    /** The work itself failed. */
    public static final int FAILED = 1;

    private static final String NO_SPACE = org.clinicalbert.workbench.io.AtomicFiles.NO_SPACE;

    /** What follows the message of an exception nobody expected: it is the workbench's fault, not the user's. */
    public static final String BUG_HINT = " (this is a bug in the workbench; rerun with " + ErrorReporter.DEBUG_OPTION
            + " or " + ErrorReporter.DEBUG_ENV + "=1 for the stack trace and report it)";

    /**
     * The line for {@code t}: the first cause in its chain that says what the user did wrong or why the work
     * failed, else a bug line for {@code t}. An {@link IllegalArgumentException} or {@link IllegalStateException}
     * is a broken precondition inside the code, never the user's mistake (those are {@link UserInputException}s).
     */
    public static ErrorLine of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            ErrorLine known = known(c);
            if (known != null) {
                return known;
            }
        }
        // a broken precondition carries a sentence written for the reader: the first one in the chain
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IllegalArgumentException || c instanceof IllegalStateException) {
                return new ErrorLine(FAILED, "error: " + message(c) + BUG_HINT);
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        // for the rest (NullPointerException, ...) the type says as much as the message
        return new ErrorLine(FAILED, "error: " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + BUG_HINT);
    }

    private static ErrorLine known(Throwable c) {
        // RunLock.FolderInUseException (another process holds the folder) is a UserInputException
        if (c instanceof UserInputException || c instanceof MissingCheckpointException) {
            return bad(message(c));
        }
        if (c instanceof WorkFailedException) {
            // folds, shards or candidates failed with their own errors, listed in the message: not a bug as such
            return new ErrorLine(FAILED, "error: " + message(c));
        }
        if (c instanceof InterruptedException || c instanceof InterruptedIOException) {
            // the process was asked to stop: what was finished is kept, --resume continues
            return new ErrorLine(FAILED, "error: " + message(c));
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
        // not bugs: what the user's files (bad UTF-8, a cut-off .gz) or the machine (memory, disk, permissions) did
        if (c instanceof CharacterCodingException) {
            return bad("input is not valid UTF-8 (" + c.getClass().getSimpleName() + ": " + c.getMessage() + ")");
        }
        // NumberFormatException is not here: every number read from a user's file or option is parsed where the
        // file and line are known (picocli, the config loaders, the readers) and reported as a UserInputException;
        // one reaching this far, without a file, is a parse the workbench failed to check: a bug.
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
