package org.clinicalbert.workbench.io;

import java.nio.file.Path;

/**
 * Bad input in a file: names the file and where in it (line, record, offset, variable) so the user can fix it.
 */
public class InputFormatException extends UserInputException {

    public InputFormatException(Path file, String location, String message) {
        this(file, location, message, null);
    }

    public InputFormatException(Path file, String location, String message, Throwable cause) {
        super(file, location, message, cause, true);
    }
}
