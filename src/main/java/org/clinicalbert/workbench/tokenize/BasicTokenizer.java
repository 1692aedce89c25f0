package org.clinicalbert.workbench.tokenize;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * google BERT's {@code BasicTokenizer}: text clean-up, spaces around CJK ideographs, whitespace split, optional
 * lower-casing with accent stripping, and punctuation split. Works on code points as Python does, so
 * supplementary characters (emoji, CJK extension B) are single characters.
 *
 * <p>Lower-casing uses {@code String.toLowerCase(Locale.ROOT)}, which, like Python's {@code str.lower()}, applies
 * the full (multi-character) mappings, e.g. 'İ' to "i̇", and the final-sigma rule; it is checked against Python for
 * every code point in the tests. Remaining divergence: characters assigned after Unicode 13 (Java 17).
 */
public final class BasicTokenizer {

    private final boolean doLowerCase;

    public BasicTokenizer(boolean doLowerCase) {
        this.doLowerCase = doLowerCase;
    }

    public boolean doLowerCase() {
        return doLowerCase;
    }

    public List<String> tokenize(String text) {
        String cleaned = cleanAndSpaceCjk(text);
        List<String> splitTokens = new ArrayList<>();
        for (String token : PythonStrings.split(cleaned)) {
            if (doLowerCase) {
                token = stripAccents(token.toLowerCase(Locale.ROOT));
            }
            splitOnPunctuation(token, splitTokens);
        }
        // google re-splits the space-joined pieces; lower-casing could in principle expose new whitespace.
        return PythonStrings.split(String.join(" ", splitTokens));
    }

    /** google's {@code _clean_text} followed by {@code _tokenize_chinese_chars}, in one pass. */
    static String cleanAndSpaceCjk(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || CharClasses.isControl(cp)) {
                continue;
            }
            if (CharClasses.isWhitespace(cp)) {
                out.append(' ');
            } else if (CharClasses.isCjkIdeograph(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** google's {@code _run_strip_accents}: NFD, then drop non-spacing marks (Mn). */
    static String stripAccents(String text) {
        String nfd = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        int i = 0;
        while (i < nfd.length()) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** google's {@code _run_split_on_punc}: every punctuation character becomes its own piece. */
    static void splitOnPunctuation(String text, List<String> out) {
        StringBuilder word = null;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (CharClasses.isPunctuation(cp)) {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
                out.add(new String(Character.toChars(cp)));
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                word.appendCodePoint(cp);
            }
        }
        if (word != null) {
            out.add(word.toString());
        }
    }
}
