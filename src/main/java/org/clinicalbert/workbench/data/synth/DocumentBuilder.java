package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.data.ner.EntitySpan;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a synthetic document word by word, tracking character offsets, entity spans and the expected
 * tagged sentences. Words on a line are separated by one space; each line is a sentence, except that an entity
 * continued across a line break keeps both lines in one sentence.
 */
final class DocumentBuilder {

    private final String id;
    private final StringBuilder text = new StringBuilder();
    private final List<EntitySpan> spans = new ArrayList<>();
    private final List<List<SynthDocument.Word>> sentences = new ArrayList<>();
    private List<SynthDocument.Word> current = new ArrayList<>();
    private boolean lineStart = true;

    DocumentBuilder(String id) {
        this.id = id;
    }

    /** Plain (outside) words, space-separated in {@code phrase}. */
    DocumentBuilder words(String phrase) {
        for (String w : phrase.split(" ")) {
            if (!w.isEmpty()) {
                separate();
                append(w, null, false);
            }
        }
        return this;
    }

    DocumentBuilder entity(String type, String phrase) {
        separate();
        int start = text.length();
        entityWords(type, phrase, true);
        spans.add(new EntitySpan(type, start, text.length(), phrase));
        return this;
    }

    /** An entity whose words continue on the next line ({@code first} + newline + {@code second}). */
    DocumentBuilder entityAcrossLines(String type, String first, String second) {
        separate();
        int start = text.length();
        entityWords(type, first, true);
        text.append('\n');
        lineStart = true;
        entityWords(type, second, false);
        spans.add(new EntitySpan(type, start, text.length(), text.substring(start)));
        return this;
    }

    /** An entity glued to the following text without a space, e.g. {@code 01/01} + {@code /1995}. */
    DocumentBuilder gluedEntity(String type, String phrase, String suffix) {
        entity(type, phrase);
        append(suffix, null, false);
        return this;
    }

    /** Text glued in front of an entity, e.g. {@code 1995} + {@code 0101}. */
    DocumentBuilder gluedBefore(String prefix, String type, String phrase) {
        separate();
        append(prefix, null, false);
        int start = text.length();
        entityWords(type, phrase, true);
        spans.add(new EntitySpan(type, start, text.length(), phrase));
        return this;
    }

    DocumentBuilder endLine() {
        text.append('\n');
        lineStart = true;
        if (!current.isEmpty()) {
            sentences.add(current);
            current = new ArrayList<>();
        }
        return this;
    }

    SynthDocument build() {
        if (!current.isEmpty()) {
            sentences.add(current);
            current = new ArrayList<>();
        }
        return new SynthDocument(id, text.toString(), spans, sentences);
    }

    /** Appends the words of {@code phrase}; the caller has already placed the first word (separator or not). */
    private void entityWords(String type, String phrase, boolean opens) {
        boolean firstWord = true;
        for (String w : phrase.split(" ")) {
            if (!firstWord) {
                separate();
            }
            append(w, type, opens && firstWord);
            firstWord = false;
        }
    }

    private void separate() {
        if (!lineStart) {
            text.append(' ');
        }
    }

    private void append(String w, String type, boolean first) {
        text.append(w);
        lineStart = false;
        current.add(new SynthDocument.Word(w, type, first));
    }
}
