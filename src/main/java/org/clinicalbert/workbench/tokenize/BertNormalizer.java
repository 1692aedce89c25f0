package org.clinicalbert.workbench.tokenize;

import java.util.Locale;

/**
 * The tokenizers library's {@code BertNormalizer}, as a {@code tokenizer.json} configures it. It is google's text
 * clean-up with these differences, which are why it is not {@link BasicTokenizer}: accents are stripped before
 * lower-casing, not after; lower-casing is per character (no final-sigma rule: "ΣΟΦΙΑΣ" becomes "σοφιασ");
 * accent stripping and lower-casing are separate settings ({@code strip_accents} null follows {@code lowercase});
 * and the character classes are Rust's ({@link HfCharClasses}).
 *
 * @param stripAccents the file's {@code strip_accents}: true, false, or null to follow {@code lowercase}
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase) {

    /** The same settings with another casing (a casing chosen on the command line or in tokenizer_config.json). */
    public BertNormalizer withLowercase(boolean lower) {
        return new BertNormalizer(cleanText, handleChineseChars, stripAccents, lower);
    }

    /** Whether accents are stripped: {@code strip_accents}, or {@code lowercase} when that is null. */
    public boolean stripsAccents() {
        return stripAccents != null ? stripAccents : lowercase;
    }

    public String normalize(String text) {
        String s = text;
        if (cleanText || handleChineseChars) {
            StringBuilder out = new StringBuilder(s.length() + 16);
            int i = 0;
            while (i < s.length()) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                if (cleanText && (cp == 0 || cp == 0xFFFD || HfCharClasses.isControl(cp))) {
                    continue;
                }
                if (cleanText && HfCharClasses.isWhitespace(cp)) {
                    out.append(' ');
                } else if (handleChineseChars && HfCharClasses.isCjkIdeograph(cp)) {
                    out.append(' ').appendCodePoint(cp).append(' ');
                } else {
                    out.appendCodePoint(cp);
                }
            }
            s = out.toString();
        }
        if (stripsAccents()) {
            s = BasicTokenizer.stripAccents(s);
        }
        if (lowercase) {
            s = lowerPerCharacter(s);
        }
        return s;
    }

    /** Rust's {@code char::to_lowercase} on each character: full mappings ('İ' to "i̇"), no context rules. */
    static String lowerPerCharacter(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
            } else {
                // a single character has no context, so the final-sigma rule never applies
                out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
            }
        }
        return out.toString();
    }
}
