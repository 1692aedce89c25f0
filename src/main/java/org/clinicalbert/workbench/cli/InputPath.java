package org.clinicalbert.workbench.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Input paths checked while the command line is parsed, so a missing input, or a folder where a file is read (and
 * the other way round), is one usage line naming the option and the path before anything is opened or written.
 * Without it a folder given as a file surfaces as a bare {@code IOException("Is a directory")} from deep in a
 * reader, naming no path.
 */
final class InputPath {

    private InputPath() {
    }

    /** A refused input path: reported as the file's own line, {@code error: PATH: what (OPTION)}. */
    static final class Refused extends TypeConversionException {
        Refused(Path path, String what) {
            super(path + ": " + what);
        }
    }

    /** A file that must exist and be a file. */
    static final class File implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = exists(value);
            if (Files.isDirectory(p)) {
                throw new Refused(p, "is a folder, a file is needed here");
            }
            return p;
        }
    }

    /** A folder that must exist and be a folder. */
    static final class Folder implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = exists(value);
            if (!Files.isDirectory(p)) {
                throw new Refused(p, "is a file, a folder is needed here");
            }
            return p;
        }
    }

    private static Path exists(String value) {
        Path p = Path.of(value);
        if (!Files.exists(p)) {
            throw new Refused(p, "no such file or folder");
        }
        return p;
    }
}
