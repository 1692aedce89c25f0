package org.clinicalbert.workbench.data.mimic;

import java.util.ArrayList;
import java.util.List;

/**
 * MIMIC's de-identification placeholders ({@code [**Name**]}, {@code [**2101-3-4**]}, {@code [**Hospital 1234**]},
 * {@code [**Last Name (NamePattern1) **]}).
 *
 * <p>Decision: placeholders are <b>kept verbatim</b>, not mapped to new symbols. The released ClinicalBERT checkpoints
 * were pretrained on the verbatim text (the original merged each placeholder into one spaCy token but wrote it
 * unchanged), so keeping it preserves comparability with them. To keep a placeholder a single unit that sentence and
 * section splitting never cut (it contains spaces, periods and parentheses), {@link #mask} swaps each one for one
 * control character (U+0001, never part of clinical text; chosen over a private-use character so masked strings stay
 * Latin-1 and compact in the JVM) that the splitters treat as an ordinary word; {@link Masked#restore} puts the text
 * back,
 * with any line break inside a placeholder turned into a space.
 */
public final class DeidPlaceholders {

    /** Stands for one placeholder inside masked text. */
    public static final char MARK = '\u0001';
    // the original allowed `.{0,15}.*?` between the brackets; real placeholders are short, so bound the search
    private static final int MAX_LENGTH = 120;

    private DeidPlaceholders() {
    }

    /** Text with placeholders replaced by {@link #MARK}, plus the originals in order. */
    public record Masked(String text, List<String> placeholders) {

        /** Replaces each {@link #MARK} in {@code s} (a substring of the masked text, in order) by its placeholder. */
        public String restore(String s, int firstIndex) {
            if (s.indexOf(MARK) < 0) {
                return s;
            }
            StringBuilder sb = new StringBuilder(s.length() + 32);
            int k = firstIndex;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == MARK) {
                    sb.append(placeholders.get(k++));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }

    /**
     * Masks every {@code [** ... **]} up to {@link #MAX_LENGTH} characters long. A stray {@link #MARK} already in the
     * input would be mistaken for a placeholder, so it becomes a space first (a control character carries no text).
     */
    public static Masked mask(String text) {
        if (text.indexOf(MARK) >= 0) {
            text = text.replace(MARK, ' ');
        }
        int open = text.indexOf("[**");
        if (open < 0) {
            return new Masked(text, List.of());
        }
        List<String> found = new ArrayList<>();
        StringBuilder sb = new StringBuilder(text.length());
        int from = 0;
        while (open >= 0) {
            int close = text.indexOf("**]", open + 3);
            if (close < 0 || close + 3 - open > MAX_LENGTH) {
                // unterminated or implausibly long: leave the brackets as text
                sb.append(text, from, open + 3);
                from = open + 3;
            } else {
                sb.append(text, from, open).append(MARK);
                found.add(text.substring(open, close + 3).replace("\r\n", " ").replace('\n', ' ')
                        .replace('\r', ' '));
                from = close + 3;
            }
            open = text.indexOf("[**", from);
        }
        sb.append(text, from, text.length());
        return new Masked(sb.toString(), found);
    }

    /** Number of placeholders in a masked string. */
    public static int count(CharSequence masked) {
        int n = 0;
        for (int i = 0; i < masked.length(); i++) {
            if (masked.charAt(i) == MARK) {
                n++;
            }
        }
        return n;
    }
}
