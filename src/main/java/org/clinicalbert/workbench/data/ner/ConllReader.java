package org.clinicalbert.workbench.data.ner;

import org.clinicalbert.workbench.io.StrictUtf8;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Already-converted NER data: "word tag" lines (extra middle columns ignored, the tag last), a blank line
 * between sentences, {@code -DOCSTART-} lines as document breaks, as the original study's converters wrote.
 */
public final class ConllReader {

    private ConllReader() {
    }

    public static List<TaggedSentence> read(Path file, LabelSet labels) {
        List<TaggedSentence> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        String doc = file.getFileName().toString() + "#0";
        int docs = 0;
        try (BufferedReader in = StrictUtf8.bufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("-DOCSTART-")) {
                    if (!words.isEmpty()) {
                        out.add(new TaggedSentence(doc, words, tags));
                        words = new ArrayList<>();
                        tags = new ArrayList<>();
                    }
                    if (t.startsWith("-DOCSTART-")) {
                        doc = file.getFileName().toString() + "#" + (++docs);
                    }
                    continue;
                }
                String[] cols = t.split("\\s+");
                if (cols.length < 2) {
                    throw new InputFormatException(file, "line " + n, "expected 'word tag', got '" + t + "'");
                }
                String tag = cols[cols.length - 1];
                if (!labels.bioTags().contains(tag)) {
                    throw new InputFormatException(file, "line " + n, "unknown tag '" + tag + "'; expected one of "
                            + labels.bioTags());
                }
                words.add(cols[0]);
                tags.add(tag);
            }
        } catch (NoSuchFileException e) {
            throw new InputFormatException(file, null, "file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!words.isEmpty()) {
            out.add(new TaggedSentence(doc, words, tags));
        }
        return out;
    }
}
