package org.clinicalbert.workbench.data.ner;

import org.clinicalbert.workbench.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Writes sentences as the original converters' {@code .tsv}/{@code .conll} files: one {@code word tag} line per
 * word, sentences separated by a blank line. Words never contain whitespace (they are whitespace-split), so the
 * line format is unambiguous.
 */
public final class ConllWriter {

    private ConllWriter() {
    }

    /** Writes the sentences atomically; returns how many were written. */
    public static long write(Path file, Stream<TaggedSentence> sentences) throws IOException {
        long[] n = {0};
        AtomicFiles.write(file, out -> {
            try {
                sentences.forEach(s -> {
                    try {
                        if (n[0]++ > 0) {
                            out.write('\n');
                        }
                        out.write(s.toConll().getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        });
        return n[0];
    }
}
