package org.clinicalbert.workbench.tokenize;

import java.util.ArrayList;
import java.util.List;

/**
 * google BERT's {@code WordpieceTokenizer}: greedy longest-match-first over the vocabulary, continuation pieces
 * prefixed "##"; a word that cannot be fully covered, or is longer than {@link #MAX_INPUT_CHARS_PER_WORD} code
 * points (Python's {@code len}, not UTF-16 units), becomes a single [UNK].
 */
public final class WordPieceTokenizer {

    public static final int MAX_INPUT_CHARS_PER_WORD = 200;
    private static final String CONTINUATION = "##";

    private final Vocab vocab;

    public WordPieceTokenizer(Vocab vocab) {
        this.vocab = vocab;
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
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            String match = null;
            int end = cps.length;
            while (start < end) {
                String piece = new String(cps, start, end - start);
                if (start > 0) {
                    piece = CONTINUATION + piece;
                }
                if (vocab.contains(piece)) {
                    match = piece;
                    break;
                }
                end--;
            }
            if (match == null) {
                out.add(Vocab.UNK);
                return;
            }
            pieces.add(match);
            start = end;
        }
        out.addAll(pieces);
    }
}
