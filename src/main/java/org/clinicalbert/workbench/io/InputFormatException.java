package org.clinicalbert.workbench.io;

import java.nio.file.Path;

/**
 * Bad input: names the file and where in it (line, record, offset, variable) so the user can fix it.
 */
public class InputFormatException extends RuntimeException {

    private final Path file;
    private final String location;

    public InputFormatException(Path file, String location, String message) {
        this(file, location, message, null);
    }

    public InputFormatException(Path file, String location, String message, Throwable cause) {
        super(format(file, location, message), cause);
        this.file = file;
        this.location = location;
    }

    private static String format(Path file, String location, String message) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<input>" : file.toString());
        if (location != null && !location.isEmpty()) {
            sb.append(" (").append(location).append(')');
        }
        return sb.append(": ").append(message).toString();
    }

    public Path file() {
        return file;
    }

    /** Where in the file: "line 12", "record 3", "offset 4096", "variable bert/pooler/dense/kernel". */
    public String location() {
        return location;
    }
}
