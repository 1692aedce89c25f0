package org.clinicalbert.workbench.tokenize;

/**
 * One of a {@code tokenizer.json}'s {@code added_tokens}: a string that is never split, matched in the text before
 * WordPiece runs. Special tokens ([CLS], [SEP], ...) are matched in the raw text ({@code normalized} false); added
 * words usually in the normalized text (so an uncased model's "hba1c" also matches "HbA1c").
 *
 * @param singleWord only where neither neighbour is a word character
 * @param lstrip     the match takes the whitespace before it
 * @param rstrip     the match takes the whitespace after it
 */
public record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
                         boolean normalized, boolean special) {

    /** A special token as transformers writes it: matched in the raw text, nothing stripped. */
    public static AddedToken special(int id, String content) {
        return new AddedToken(id, content, false, false, false, false, true);
    }
}
