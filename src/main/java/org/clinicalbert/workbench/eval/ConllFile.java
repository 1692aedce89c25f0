package org.clinicalbert.workbench.eval;

import org.clinicalbert.workbench.io.StrictUtf8;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.clinicalbert.workbench.io.InputFormatException;

/**
 * Reads the file format conlleval.pl reads: one word per line, space-separated fields whose last two are the
 * gold and the predicted tag, sentences separated by blank lines (or lines whose first field is {@code -X-}).
 * Every line must have the same number of fields, as the script demands.
 */
public final class ConllFile {

    private static final String BOUNDARY = "-X-";

    private ConllFile() {
    }

    public static List<List<TagPair>> read(Path file) throws IOException {
        List<List<TagPair>> sentences = new ArrayList<>();
        List<TagPair> current = new ArrayList<>();
        int fields = -1;
        int lineNo = 0;
        try (BufferedReader in = StrictUtf8.bufferedReader(file)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    sentences.add(current);
                    current = new ArrayList<>();
                    continue;
                }
                String[] f = line.trim().split(" +");
                if (fields < 0) {
                    fields = f.length;
                } else if (f.length != fields) {
                    throw new InputFormatException(file, "line " + lineNo, "expected " + fields
                            + " space-separated fields as on the first word line, found " + f.length);
                }
                if (f.length < 2) {
                    throw new InputFormatException(file, "line " + lineNo,
                            "expected at least 2 fields (gold tag, predicted tag), found " + f.length);
                }
                if (f[0].equals(BOUNDARY)) {
                    sentences.add(current);
                    current = new ArrayList<>();
                    continue;
                }
                current.add(new TagPair(f[f.length - 2], f[f.length - 1]));
            }
        }
        sentences.add(current);
        sentences.removeIf(List::isEmpty);
        return sentences;
    }
}
