package org.clinicalbert.workbench.data.features;

/**
 * One model input cut from a tagged sentence: word-piece ids with [CLS]/[SEP], the label id on each word's
 * first piece ({@link #IGNORE} elsewhere, so only first pieces count in the loss), and for each word of the
 * window the position of its first piece.
 *
 * @param firstWord    index in the sentence of this window's first word
 * @param wordPositions piece position of each word of the window, in order
 */
public record NerWindow(int[] inputIds, int[] pieceLabels, int firstWord, int[] wordPositions) {

    public static final int IGNORE = -1;

    public int length() {
        return inputIds.length;
    }

    public int wordCount() {
        return wordPositions.length;
    }
}
