package org.clinicalbert.workbench.data.ner;

import java.util.List;

/** A CoNLL-style sentence: words with one BIO tag each, and the document it came from. */
public record TaggedSentence(String documentId, List<String> words, List<String> tags) {

    public TaggedSentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.size() != tags.size()) {
            throw new IllegalArgumentException("words and tags differ in length: " + words.size() + " vs " + tags.size());
        }
    }

    public int size() {
        return words.size();
    }

    /** "word tag" lines, the layout conlleval and the original converters use. */
    public String toConll() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            sb.append(words.get(i)).append(' ').append(tags.get(i)).append('\n');
        }
        return sb.toString();
    }
}
