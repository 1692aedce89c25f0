package org.clinicalbert.workbench.data.ner;

/** The characters that separate words: Java whitespace plus no-break spaces (Python's str.split() splits on both). */
public final class Whitespace {

    private Whitespace() {
    }

    public static boolean is(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
