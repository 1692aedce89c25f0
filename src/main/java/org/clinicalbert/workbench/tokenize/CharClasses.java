package org.clinicalbert.workbench.tokenize;

/**
 * The character predicates of google's {@code tokenization.py}, on Unicode code points (Python iterates code
 * points, never UTF-16 units), plus Python's {@code str.isspace}, which {@code str.split()}/{@code strip()} use.
 *
 * <p>Java's {@link Character#getType(int)} gives the same general categories as Python's
 * {@code unicodedata.category}, except for code points assigned after Java 17's Unicode 13 (Debian's Python 3.11
 * knows Unicode 14): those read as unassigned here, so they are neither control nor punctuation.
 */
final class CharClasses {

    private CharClasses() {
    }

    /** google's {@code _is_whitespace}: space, tab, newline, carriage return, or category Zs. */
    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'
                || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** google's {@code _is_control}: category Cc or Cf, except tab, newline, carriage return. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    /** google's {@code _is_punctuation}: all non-alphanumeric printable ASCII, or any category P*. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    /** google's {@code _is_chinese_char}: the CJK ideograph blocks, exactly google's ranges. */
    static boolean isCjkIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /**
     * Python's {@code str.isspace} (what {@code str.split()} and {@code str.strip()} split on). It differs from
     * {@link #isWhitespace}: it includes U+2028/U+2029 (Zl/Zp), which google's clean-up keeps, so they still split
     * words; and it excludes nothing google's clean-up leaves. The list is CPython's (Unicode 14) table.
     */
    static boolean isPythonSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0
                || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029
                || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }
}
