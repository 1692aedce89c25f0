package org.clinicalbert.workbench.tokenize;

import java.util.ArrayList;
import java.util.List;

/**
 * What the tokenizers library does before its WordPiece model, for a BERT {@code tokenizer.json}: added tokens are
 * cut out of the raw text (those not {@code normalized}), each remaining piece is normalized ({@link BertNormalizer})
 * and the normalized added tokens cut out of it, and what is left is split by the {@code BertPreTokenizer}
 * (whitespace dropped, each punctuation character its own word). Added tokens go to the output whole; words go to
 * WordPiece. Matching is leftmost-longest without overlaps, as the library's Aho-Corasick search.
 */
final class HfBertPipeline implements FullTokenizer.Pretokenization {

    private final BertNormalizer normalizer;
    private final List<AddedToken> raw = new ArrayList<>();
    private final List<String> rawContents = new ArrayList<>();
    /** Normalized added tokens with their normalized text, which is what is searched for. */
    private final List<AddedToken> normalizedTokens = new ArrayList<>();
    private final List<String> normalizedContents = new ArrayList<>();

    HfBertPipeline(BertNormalizer normalizer, List<AddedToken> addedTokens) {
        this.normalizer = normalizer;
        for (AddedToken t : addedTokens) {
            if (t.normalized()) {
                String n = normalizer.normalize(t.content());
                if (!n.isEmpty()) {
                    normalizedTokens.add(t);
                    normalizedContents.add(n);
                }
            } else if (!t.content().isEmpty()) {
                raw.add(t);
                rawContents.add(t.content());
            }
        }
    }

    @Override
    public void tokenize(String text, WordPieceTokenizer wordPiece, List<String> out) {
        split(text, raw, rawContents, out, piece -> {
            String normalized = normalizer.normalize(piece);
            split(normalized, normalizedTokens, normalizedContents, out, rest -> preTokenize(rest, wordPiece, out));
        });
    }

    /** BertPreTokenizer: split on whitespace (dropped) and around each punctuation character (kept). */
    private static void preTokenize(String text, WordPieceTokenizer wordPiece, List<String> out) {
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean space = HfCharClasses.isWhitespace(cp);
            boolean punct = !space && CharClasses.isPunctuation(cp);
            if (space || punct) {
                if (start >= 0) {
                    wordPiece.tokenizeWord(text.substring(start, i), out);
                    start = -1;
                }
                if (punct) {
                    wordPiece.tokenizeWord(text.substring(i, next), out);
                }
            } else if (start < 0) {
                start = i;
            }
            i = next;
        }
        if (start >= 0) {
            wordPiece.tokenizeWord(text.substring(start), out);
        }
    }

    /**
     * Cuts the {@code tokens} (searched as {@code contents}) out of {@code text}: each match's content goes to
     * {@code out}, each non-empty piece between matches to {@code rest}, in order.
     */
    private static void split(String text, List<AddedToken> tokens, List<String> contents, List<String> out,
                              java.util.function.Consumer<String> rest) {
        if (tokens.isEmpty()) {
            rest.accept(text);
            return;
        }
        int pieceStart = 0;
        int i = 0;
        while (i < text.length()) {
            int best = -1;
            for (int k = 0; k < contents.size(); k++) {
                String c = contents.get(k);
                if (text.startsWith(c, i) && (best < 0 || c.length() > contents.get(best).length())) {
                    best = k;
                }
            }
            if (best < 0) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            AddedToken token = tokens.get(best);
            int start = i;
            int stop = i + contents.get(best).length();
            if (token.singleWord() && (endsWithWord(text, start) || startsWithWord(text, stop))) {
                // the search has moved past this match; it is left in the text, not retried shorter
                i = stop;
                continue;
            }
            if (token.lstrip()) {
                while (start > pieceStart && HfCharClasses.isWhitespace(text.codePointBefore(start))) {
                    start -= Character.charCount(text.codePointBefore(start));
                }
            }
            if (token.rstrip()) {
                while (stop < text.length() && HfCharClasses.isWhitespace(text.codePointAt(stop))) {
                    stop += Character.charCount(text.codePointAt(stop));
                }
            }
            if (start > pieceStart) {
                rest.accept(text.substring(pieceStart, start));
            }
            out.add(token.content());
            pieceStart = stop;
            i = stop;
        }
        if (pieceStart < text.length()) {
            rest.accept(text.substring(pieceStart));
        }
    }

    private static boolean endsWithWord(String text, int end) {
        return end > 0 && HfCharClasses.isWordCharacter(text.codePointBefore(end));
    }

    private static boolean startsWithWord(String text, int start) {
        return start < text.length() && HfCharClasses.isWordCharacter(text.codePointAt(start));
    }
}
