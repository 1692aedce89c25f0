package org.clinicalbert.workbench.data.i2b2;

/**
 * The i2b2 XML offsets count characters as the original Python converters did (code points), while Java strings
 * index UTF-16 units; the two differ only after a character outside the Basic Multilingual Plane.
 */
final class CodePointOffsets {

    private final String text;
    private final boolean identity;
    private final int codePoints;

    CodePointOffsets(String text) {
        this.text = text;
        this.codePoints = text.codePointCount(0, text.length());
        this.identity = codePoints == text.length();
    }

    /** The char index of code point offset {@code cp}, or -1 when outside [0, length]. */
    int toCharIndex(int cp) {
        if (cp < 0 || cp > codePoints) {
            return -1;
        }
        return identity ? cp : text.offsetByCodePoints(0, cp);
    }
}
