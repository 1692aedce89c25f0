package org.clinicalbert.workbench.io;

import java.nio.file.Path;

/**
 * Something the user can fix: a file's content, a path, an option's value, a config key. The CLI reports it as
 * one {@code error: [<file>[ (<where>)]: ]<what>} line and exit 2. Every other exception reaching the CLI is a
 * failure of the work or a bug in the workbench (exit 1), so a precondition inside the code stays an
 * {@link IllegalArgumentException} and is never read as "fix your input".
 */
public class UserInputException extends RuntimeException {

    private final Path file;
    private final String location;

    /** A mistake not tied to a file: an option's value, a combination of options. */
    public UserInputException(String message) {
        this(null, null, message, null, false);
    }

    /** A mistake about a file as a whole (a path, a folder's state), with {@code file}'s name in front. */
    public UserInputException(Path file, String location, String message) {
        this(file, location, message, null, false);
    }

    /** {@code inFile}: the mistake is inside a file even when its path is unknown (shown as {@code <input>}). */
    protected UserInputException(Path file, String location, String message, Throwable cause, boolean inFile) {
        super(format(file, location, message, inFile), cause);
        this.file = file;
        this.location = location;
    }

    private static String format(Path file, String location, String message, boolean inFile) {
        if (!inFile && file == null && (location == null || location.isEmpty())) {
            return message;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<input>" : file.toString());
        if (location != null && !location.isEmpty()) {
            sb.append(" (").append(location).append(')');
        }
        return sb.append(": ").append(message).toString();
    }

    /** The file at fault, or null when the mistake is in an option. */
    public Path file() {
        return file;
    }

    /** Where in the file: "line 12", "record 3", "offset 4096", "variable bert/pooler/dense/kernel"; may be null. */
    public String location() {
        return location;
    }
}
