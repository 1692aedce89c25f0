package org.clinicalbert.workbench.data.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A test-only cased BERT tokenizer (whitespace split, punctuation split, greedy longest-match WordPiece),
 * enough to match google's FullTokenizer(do_lower_case=False) on the committed test input: the real Java
 * FullTokenizer lives in the tokenize package and is deliberately not used by these tests.
 */
public final class TestWordPieceTokenizer implements Function<String, List<String>> {

    private final Set<String> vocab;

    public TestWordPieceTokenizer(List<String> words) {
        this.vocab = Set.copyOf(words);
    }

    @Override
    public List<String> apply(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            StringBuilder piece = new StringBuilder();
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (isPunctuation(c)) {
                    wordPiece(piece.toString(), out);
                    piece.setLength(0);
                    wordPiece(String.valueOf(c), out);
                } else {
                    piece.append(c);
                }
            }
            wordPiece(piece.toString(), out);
        }
        return out;
    }

    private void wordPiece(String word, List<String> out) {
        if (word.isEmpty()) {
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            String found = null;
            while (start < end) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                if (vocab.contains(sub)) {
                    found = sub;
                    break;
                }
                end--;
            }
            if (found == null) {
                out.add("[UNK]");
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    private static boolean isPunctuation(char c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }
}
