package org.clinicalbert.workbench.tokenize;

import java.util.ArrayList;
import java.util.List;

/**
 * google BERT's {@code WordpieceTokenizer}: greedy longest-match-first over the vocabulary, continuation pieces
 * prefixed "##"; a word that cannot be fully covered, or is longer than {@link #MAX_INPUT_CHARS_PER_WORD} code
 * points (Python's {@code len}, not UTF-16 units), becomes a single [UNK].
 *
 * <p>google finds each longest match by looking up ever shorter substrings; here two tries (word-initial tokens,
 * and "##" tokens without their "##") find the same longest match in one walk, with the same output.
 */
public final class WordPieceTokenizer {

    public static final int MAX_INPUT_CHARS_PER_WORD = 200;
    private static final String CONTINUATION = "##";

    private final Vocab vocab;
    private final PrefixTrie initial;
    private final PrefixTrie continuation;

    public WordPieceTokenizer(Vocab vocab) {
        this.vocab = vocab;
        this.initial = PrefixTrie.of(vocab.tokens(), "");
        this.continuation = PrefixTrie.of(vocab.tokens(), CONTINUATION);
    }

    /** Splits {@code text} on whitespace (as google does) and word-pieces each word. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : PythonStrings.split(text)) {
            tokenizeWord(word, out);
        }
        return out;
    }

    /** Appends the pieces of one whitespace-free word to {@code out}. */
    void tokenizeWord(String word, List<String> out) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > MAX_INPUT_CHARS_PER_WORD) {
            out.add(Vocab.UNK);
            return;
        }
        int before = out.size();
        int[] id = new int[1];
        int start = 0;
        while (start < cps.length) {
            int end = (start == 0 ? initial : continuation).longestPrefix(cps, start, id);
            if (end < 0) {
                out.subList(before, out.size()).clear();
                out.add(Vocab.UNK);
                return;
            }
            out.add(vocab.token(id[0]));
            start = end;
        }
    }
}
