package org.clinicalbert.workbench.data.i2b2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clinicalbert.workbench.io.InputFormatException;
import java.util.List;
import java.util.stream.Stream;

/** Lists a corpus's files in a stable (sorted) order. */
final class CorpusFiles {

    private CorpusFiles() {
    }

    static List<Path> list(Path dirOrFile, String suffix) {
        if (Files.isRegularFile(dirOrFile)) {
            return List.of(dirOrFile);
        }
        if (!Files.isDirectory(dirOrFile)) {
            throw new UncheckedIOException(new java.nio.file.NoSuchFileException(dirOrFile.toString()));
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dirOrFile)) {
            files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)
                            && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            // a folder of another corpus (or an empty one) is a mistake, not a corpus of zero documents
            throw new InputFormatException(dirOrFile, null, "no " + suffix + " files in this folder or below "
                    + "(is it the folder of this corpus?)");
        }
        return files;
    }

    static String stem(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }
}
