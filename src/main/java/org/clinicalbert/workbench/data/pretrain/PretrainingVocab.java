package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.io.UserInputException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary words in file order ({@code list(tokenizer.vocab.keys())} in google's script): token id =
 * position, random replacement words are drawn by position. Duplicates are rejected: google's dict would
 * keep the first position for drawing but the last line's id for conversion, an ambiguity we refuse.
 */
public final class PretrainingVocab {

    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String MASK = "[MASK]";

    private final List<String> words;
    private final Map<String, Integer> ids;
    private final boolean[] continuation;
    private final int clsId;
    private final int sepId;
    private final int maskId;

    public PretrainingVocab(List<String> words) {
        this.words = List.copyOf(words);
        this.ids = new HashMap<>(words.size() * 2);
        this.continuation = new boolean[words.size()];
        for (int i = 0; i < this.words.size(); i++) {
            String w = this.words.get(i);
            if (ids.putIfAbsent(w, i) != null) {
                throw new UserInputException("duplicate vocabulary word '" + w + "' at index " + i
                        + " (first at " + ids.get(w) + ")");
            }
            continuation[i] = w.startsWith("##");
        }
        this.clsId = required(CLS);
        this.sepId = required(SEP);
        this.maskId = required(MASK);
    }

    private int required(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new UserInputException("vocabulary has no " + token + " token");
        }
        return id;
    }

    public int size() {
        return words.size();
    }

    public String word(int id) {
        return words.get(id);
    }

    public List<String> words() {
        return words;
    }

    /** The id of a token, or -1 when it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** Whether the word is a WordPiece continuation ("##..."), for whole-word masking. */
    public boolean isContinuation(int id) {
        return continuation[id];
    }

    public int clsId() {
        return clsId;
    }

    public int sepId() {
        return sepId;
    }

    public int maskId() {
        return maskId;
    }
}
