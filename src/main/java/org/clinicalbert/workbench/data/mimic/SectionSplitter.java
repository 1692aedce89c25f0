package org.clinicalbert.workbench.data.mimic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a (placeholder-masked) clinical note into blocks: section headers, list items and prose paragraphs, with
 * line-wrapped text joined and whitespace collapsed. Written by hand because no maintained Java library models
 * MIMIC's layout; it follows the original's rules (headers are title-case labels ending in a colon) and fixes the
 * weaknesses users reported:
 * <ul>
 *   <li>all-caps headers without a colon on their own line ({@code PHYSICAL EXAMINATION}) are headers;</li>
 *   <li>numbered and bulleted items ({@code 1. Aspirin 81 mg}, {@code - HTN}, {@code # CAD}) are list items,
 *       one block each, never headers, and their number
 *       is never a sentence break; inline sequences {@code 1. ... 2. ... 3. ...} are split into items too
 *       (the original's list regex had an unescaped dot and dropped the first item after a header);</li>
 *   <li>wrapped lines are joined into one paragraph, blank lines and rules ({@code -----}) end it;</li>
 *   <li>layout columns ({@code Admission Date: X      Discharge Date: Y}) split at the wide gap.</li>
 * </ul>
 */
public final class SectionSplitter {

    /** What a block is; the formatter sentence-splits PROSE and ITEM text and writes HEADER as one line. */
    public enum Kind { HEADER, ITEM, PROSE }

    /** One block; for ITEM, {@code marker} is the bullet or number ({@code "1."}, {@code "-"}) and text the rest. */
    public record Block(Kind kind, String marker, String text) {
    }

    private static final Set<String> STOPWORDS = Set.of("of", "on", "or", "and", "the", "to", "for", "at", "in",
            "with", "a", "an", "by", "from");
    // the original's one hand-found exception: "Disp:" (dispense amount) starts lines inside medication lists
    private static final Set<String> NOT_HEADERS = Set.of("Disp", "Sig", "Refills");
    private static final int MAX_LABEL_CHARS = 50;
    private static final int MAX_LABEL_WORDS = 6;
    /** A gap of 3+ spaces before a "Label:" is a layout column, i.e. a line break. */
    private static final Pattern PARENTHESISED = Pattern.compile("\\([^)]*\\)");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern COLUMN_GAP = Pattern.compile("[ \\t]{3,}(?=[A-Z][A-Za-z ()/&,'-]{0,48}:)");

    private final List<Block> out = new ArrayList<>();
    private final StringBuilder para = new StringBuilder(256);
    private Kind paraKind;
    private String paraMarker;

    private SectionSplitter() {
    }

    /** Splits masked note text (see {@link DeidPlaceholders#mask}) into blocks. */
    public static List<Block> split(String maskedText) {
        SectionSplitter s = new SectionSplitter();
        s.run(maskedText);
        return s.out;
    }

    private void run(String text) {
        List<String> lines = physicalLines(text);
        boolean boundary = true; // previous line was blank, a rule, a header, or the start of the note
        for (String raw : lines) {
            String t = raw.strip();
            if (t.isEmpty() || isRule(t)) {
                flush();
                boundary = true;
                continue;
            }
            int colon = labelEnd(t);
            if (colon > 0) {
                String label = t.substring(0, colon + 1);
                String rest = t.substring(colon + 1).strip();
                if (isSectionLabel(label.substring(0, label.length() - 1))) {
                    flush();
                    out.add(new Block(Kind.HEADER, null, label));
                    boundary = true;
                    if (rest.isEmpty()) {
                        continue;
                    }
                    t = rest;
                } else if (rest.isEmpty()) {
                    flush();
                    out.add(new Block(Kind.HEADER, null, label));
                    boundary = true;
                    continue;
                } else {
                    // one-word field label ("Sex: M", "BP: 120/80"): keeps its value, starts a new line
                    flush();
                    startParagraph(Kind.PROSE, null, t);
                    boundary = false;
                    continue;
                }
            } else if (boundary && isCapsHeader(t)) {
                flush();
                out.add(new Block(Kind.HEADER, null, t));
                continue;
            }
            int m = listMarkerEnd(t);
            if (m > 0) {
                flush();
                startParagraph(Kind.ITEM, t.substring(0, m).strip(), t.substring(m).strip());
            } else if (isDashField(t)) {
                // "General - well appearing", "Neck - supple": one finding per line, never joined to the last
                flush();
                startParagraph(Kind.PROSE, null, t);
            } else if (paraKind == null) {
                startParagraph(Kind.PROSE, null, t);
            } else {
                para.append(' ');
                appendCollapsed(t);
            }
            boundary = false;
        }
        flush();
    }

    private static List<String> physicalLines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                String line = text.substring(from, i);
                if (line.contains("   ")) {
                    for (String part : COLUMN_GAP.split(line)) {
                        lines.add(part);
                    }
                } else {
                    lines.add(line);
                }
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                from = i + 1;
            }
        }
        return lines;
    }

    private void startParagraph(Kind kind, String marker, String t) {
        paraKind = kind;
        paraMarker = marker;
        para.setLength(0);
        appendCollapsed(t);
    }

    private void appendCollapsed(String t) {
        boolean space = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space && para.length() > 0 && para.charAt(para.length() - 1) != ' ') {
                    para.append(' ');
                }
                space = false;
                para.append(c);
            }
        }
    }

    private void flush() {
        if (paraKind == null) {
            return;
        }
        String text = para.toString().strip();
        if (paraKind == Kind.PROSE) {
            splitInlineList(text, 1);
        } else if (paraMarker.length() > 1 && Character.isDigit(paraMarker.charAt(0))) {
            // "1. Aspirin 81 mg 2. Lasix 20 mg" on one line: later numbers continue the list
            int number = Integer.parseInt(paraMarker.substring(0, paraMarker.length() - 1));
            splitInlineList(paraMarker + " " + text, number);
        } else {
            out.add(new Block(paraKind, paraMarker, text));
        }
        paraKind = null;
        paraMarker = null;
        para.setLength(0);
    }

    /**
     * Splits "intro 1. a 2. b 3. c" into PROSE "intro" and ITEMs when the numbers run first, first+1, ... in order
     * (at least two of them, or one when the text starts with it, i.e. it was already an item).
     */
    private void splitInlineList(String text, int first) {
        List<Integer> starts = new ArrayList<>();
        int at = findNumberMarker(text, 0, first);
        int n = first;
        while (at >= 0) {
            starts.add(at);
            n++;
            at = findNumberMarker(text, at + 2, n);
        }
        if (starts.isEmpty() || (starts.size() < 2 && starts.get(0) > 0)) {
            if (!text.isEmpty()) {
                out.add(new Block(Kind.PROSE, null, text));
            }
            return;
        }
        String intro = text.substring(0, starts.get(0)).strip();
        if (!intro.isEmpty()) {
            out.add(new Block(Kind.PROSE, null, intro));
        }
        for (int k = 0; k < starts.size(); k++) {
            int s = starts.get(k);
            int e = k + 1 < starts.size() ? starts.get(k + 1) : text.length();
            String item = text.substring(s, e).strip();
            int m = listMarkerEnd(item);
            out.add(new Block(Kind.ITEM, item.substring(0, m).strip(), item.substring(m).strip()));
        }
    }

    /** Position of "n." or "n)" at the start or after a space, followed by a space, from {@code from}; or -1. */
    private static int findNumberMarker(String text, int from, int n) {
        String num = Integer.toString(n);
        int i = text.indexOf(num, from);
        while (i >= 0) {
            int after = i + num.length();
            if ((i == 0 || text.charAt(i - 1) == ' ')
                    && after + 1 < text.length()
                    && (text.charAt(after) == '.' || text.charAt(after) == ')')
                    && text.charAt(after + 1) == ' ') {
                return i;
            }
            i = text.indexOf(num, i + 1);
        }
        return -1;
    }

    /**
     * End (exclusive) of a list marker at the start of a trimmed line, including the space after it, or -1:
     * {@code 1.}, {@code 12)}, {@code -}, {@code --}, {@code *}, {@code #}, {@code •}. A number must be followed by a
     * space,
     * so {@code 2.5 mg} at the start of a line is not an item.
     */
    static int listMarkerEnd(String t) {
        int i = 0;
        int n = t.length();
        if (i < n && Character.isDigit(t.charAt(i))) {
            while (i < n && i < 3 && Character.isDigit(t.charAt(i))) {
                i++;
            }
            if (i < n && (t.charAt(i) == '.' || t.charAt(i) == ')')) {
                i++;
            } else {
                return -1;
            }
        } else if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '*' || t.charAt(i) == '#'
                || t.charAt(i) == '\u2022')) {
            char b = t.charAt(i);
            while (i < n && i < 2 && t.charAt(i) == b) {
                i++;
            }
        } else {
            return -1;
        }
        if (i < n && t.charAt(i) == ' ' && i + 1 < n) {
            return i + 1;
        }
        return -1;
    }

    /** A line "Label - text" with a capitalised label of at most three words (exam findings, vitals). */
    static boolean isDashField(String t) {
        if (t.isEmpty() || !Character.isUpperCase(t.charAt(0))) {
            return false;
        }
        int words = 1;
        int limit = Math.min(t.length() - 2, 30);
        for (int i = 1; i < limit; i++) {
            char c = t.charAt(i);
            if (c == ' ') {
                if (t.charAt(i + 1) == '-' && t.charAt(i + 2) == ' ') {
                    return true;
                }
                if (++words > 3) {
                    return false;
                }
            } else if (!Character.isLetter(c) && c != '/') {
                return false;
            }
        }
        return false;
    }

    /** Index of the colon ending a title-like label at the line start ("Discharge Medications:"), or -1. */
    static int labelEnd(String t) {
        if (t.isEmpty() || !Character.isUpperCase(t.charAt(0))) {
            return -1;
        }
        int limit = Math.min(t.length(), MAX_LABEL_CHARS + 1);
        for (int i = 1; i < limit; i++) {
            char c = t.charAt(i);
            if (c == ':') {
                // "10:30" never gets here (digits stop the scan); "Label:value" without a space is not a header,
                // except before a placeholder ("Attending:[**First Name3 (LF) 1234**]", as MIMIC writes it)
                if (i + 1 < t.length() && t.charAt(i + 1) != ' ' && t.charAt(i + 1) != '\t'
                        && t.charAt(i + 1) != DeidPlaceholders.MARK) {
                    return -1;
                }
                return isTitle(t.substring(0, i)) ? i : -1;
            }
            if (!(Character.isLetter(c) || c == ' ' || c == '(' || c == ')' || c == '/' || c == '&' || c == '-'
                    || c == ',' || c == '\'')) {
                return -1;
            }
        }
        return -1;
    }

    /** The original's test: every word outside parentheses, stopwords aside, starts with a capital. */
    private static boolean isTitle(String label) {
        String bare = PARENTHESISED.matcher(label).replaceAll(" ").strip();
        if (bare.isEmpty() || NOT_HEADERS.contains(bare)) {
            return false;
        }
        String[] words = SPACES.split(bare);
        if (words.length > MAX_LABEL_WORDS) {
            return false;
        }
        for (String w : words) {
            if (!STOPWORDS.contains(w) && !Character.isUpperCase(w.charAt(0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A section header rather than a field: a label of two or more words ("Chief Complaint", "HISTORY OF PRESENT
     * ILLNESS", "Discharge Medications"). One-word labels with a value on the line ("Service: MEDICINE",
     * "BP: 120/80", "HEENT: PERRL", "IMPRESSION: No acute process.") stay one line with their value, as the
     * original merged one-line answers back into their header; alone on a line they are still headers.
     */
    private static boolean isSectionLabel(String label) {
        return PARENTHESISED.matcher(label).replaceAll(" ").strip().indexOf(' ') > 0;
    }

    /**
     * An all-caps line on its own after a boundary ({@code PHYSICAL EXAMINATION}, {@code CHEST (PORTABLE AP)}):
     * no lower-case letters, no digits or placeholders, at least 3 letters, at most 6 words, no sentence-ending
     * punctuation. Requiring a boundary before it keeps the last short line of wrapped all-caps prose (old MIMIC
     * notes are entirely upper case) from turning into a header.
     */
    static boolean isCapsHeader(String t) {
        int letters = 0;
        int words = 1;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isLowerCase(c) || Character.isDigit(c) || c == DeidPlaceholders.MARK) {
                return false;
            }
            if (Character.isLetter(c)) {
                letters++;
            } else if (c == ' ') {
                words++;
            }
        }
        char last = t.charAt(t.length() - 1);
        return letters >= 3 && words <= MAX_LABEL_WORDS && last != '.' && last != ',' && last != ';'
                && last != '?' && last != '!' && listMarkerEnd(t) < 0;
    }

    private static boolean isRule(String t) {
        if (t.length() < 3) {
            return false;
        }
        char c = t.charAt(0);
        if (c != '-' && c != '_' && c != '=' && c != '*' && c != '~') {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            if (t.charAt(i) != c) {
                return false;
            }
        }
        return true;
    }
}
