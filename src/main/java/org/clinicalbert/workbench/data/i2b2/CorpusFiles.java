package org.clinicalbert.workbench.data.i2b2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (Stream<Path> s = Files.walk(dirOrFile)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)
                            && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String stem(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }
}
