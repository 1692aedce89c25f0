package org.clinicalbert.workbench.tokenize;

/**
 * The character predicates of the tokenizers library (Rust) where they differ from google's {@link CharClasses}:
 * its {@code BertNormalizer} drops control, format, private-use and surrogate characters (Cc, Cf, Co, Cs; unassigned
 * code points stay, as the golden lines with U+FAFF show), not only Cc/Cf; whitespace is Rust's {@code char::is_whitespace} (the Unicode White_Space property, not Python's
 * {@code isspace}); and its CJK ranges have 0x2B920 where google's have 0x2B820. Punctuation is google's.
 * All checked against transformers' fast tokenizer on {@code src/test/resources/hf-tokenizer/}.
 */
final class HfCharClasses {

    private HfCharClasses() {
    }

    /** tokenizers' {@code is_whitespace}: tab, newline, carriage return, or Rust's White_Space. */
    static boolean isWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** tokenizers' {@code is_control}: Cc, Cf, Co or Cs, except tab, newline and carriage return. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
                return true;
            default:
                return false;
        }
    }

    /** tokenizers' {@code is_chinese_char}: google's ranges, but the fifth starts at 0x2B920, not 0x2B820. */
    static boolean isCjkIdeograph(int cp) {
        return CharClasses.isCjkIdeograph(cp) && (cp < 0x2B820 || cp >= 0x2B920);
    }

    /** The regex crate's Unicode {@code \w}, which an added token's {@code single_word} checks its neighbours with. */
    static boolean isWordCharacter(int cp) {
        if (Character.isAlphabetic(cp) || cp == 0x200C || cp == 0x200D) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.COMBINING_SPACING_MARK:
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.CONNECTOR_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }
}
