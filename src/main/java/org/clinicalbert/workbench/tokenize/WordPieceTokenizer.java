package org.clinicalbert.workbench.tokenize;

import java.util.ArrayList;
import java.util.List;

/**
 * google BERT's {@code WordpieceTokenizer}: greedy longest-match-first over the vocabulary, continuation pieces
 * prefixed "##"; a word that cannot be fully covered, or is longer than {@link #MAX_INPUT_CHARS_PER_WORD} code
 * points (Python's {@code len}, not UTF-16 units), becomes a single [UNK]. The tokenizers library's
 * {@code WordPiece} model is the same algorithm with the unknown token, the continuation prefix and the length limit
 * (100 there) as settings, which the second constructor takes from a {@code tokenizer.json}.
 *
 * <p>google finds each longest match by looking up ever shorter substrings; here two tries (word-initial tokens,
 * and continuation tokens without their prefix) find the same longest match in one walk, with the same output.
 */
public final class WordPieceTokenizer {

    public static final int MAX_INPUT_CHARS_PER_WORD = 200;
    public static final String CONTINUATION = "##";

    private final Vocab vocab;
    private final String unkToken;
    private final int maxInputCharsPerWord;
    private final PrefixTrie initial;
    private final PrefixTrie continuation;

    /** google's settings over the whole vocabulary. */
    public WordPieceTokenizer(Vocab vocab) {
        this(vocab, vocab.tokens(), CONTINUATION, MAX_INPUT_CHARS_PER_WORD);
    }

    /**
     * @param pieces the entries WordPiece may match, in id order, null for ids that are none (added tokens)
     */
    WordPieceTokenizer(Vocab vocab, List<String> pieces, String continuationPrefix, int maxInputCharsPerWord) {
        this.vocab = vocab;
        this.unkToken = vocab.unkToken();
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.initial = PrefixTrie.of(pieces, "");
        this.continuation = PrefixTrie.of(pieces, continuationPrefix);
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
        if (cps.length > maxInputCharsPerWord) {
            out.add(unkToken);
            return;
        }
        int before = out.size();
        int[] id = new int[1];
        int start = 0;
        while (start < cps.length) {
            int end = (start == 0 ? initial : continuation).longestPrefix(cps, start, id);
            if (end < 0) {
                out.subList(before, out.size()).clear();
                out.add(unkToken);
                return;
            }
            out.add(vocab.token(id[0]));
            start = end;
        }
    }
}
