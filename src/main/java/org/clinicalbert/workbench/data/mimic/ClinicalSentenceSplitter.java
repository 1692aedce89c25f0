package org.clinicalbert.workbench.data.mimic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sentence splitting for one paragraph of clinical text (whitespace already collapsed, placeholders masked).
 * Written by hand rather than with a general-purpose splitter (OpenNLP, ICU BreakIterator) because those break
 * after clinical abbreviations ({@code b.i.d.}, {@code p.o.}) and have no notion of de-id placeholders; the rules
 * here generalise the original's two extra scispaCy rules.
 *
 * <p>A sentence ends at {@code .}, {@code ?} or {@code !} (plus closing quotes or brackets) followed by a space,
 * when the next token starts with a capital, a digit, a placeholder, or an opening quote/bracket; a period also
 * needs the word it ends not to be an abbreviation (titles {@code Dr.}, Latin dosing {@code b.i.d. q.d. p.o.},
 * {@code e.g.}, single initials, any {@code x.y.} letter-dot run). Decimals ({@code 2.5 mg}) and vitals
 * ({@code BP 120/80}) never qualify because no space follows the dot. Decision: a dosing abbreviation never ends a
 * sentence even before a capital, because in medication lists the next word is usually a drug name
 * ({@code Aspirin 81 mg p.o. q.d. Lasix 20 mg}), where a break would be wrong more often than right.
 */
public final class ClinicalSentenceSplitter {

    private static final Set<String> ABBREVIATIONS = Set.of(
            "dr.", "mr.", "mrs.", "ms.", "prof.", "sr.", "jr.", "st.", "vs.", "v.", "e.g.", "i.e.", "approx.",
            "temp.", "fig.", "cf.", "ca.", "q.", "b.i.d.", "t.i.d.", "q.i.d.", "q.d.", "q.o.d.", "q.h.s.", "h.s.",
            "p.o.", "p.r.", "p.r.n.", "prn.", "a.m.", "p.m.", "q.a.m.", "q.p.m.", "s.l.", "i.v.", "i.m.", "s.c.",
            "subq.", "sub.q.", "q.day.", "inc.", "dept.", "mt.", "ft.", "lt.", "rt.", "yrs.", "hrs.", "mins.",
            "min.", "max.", "ext.", "pt.", "pts.", "dx.", "hx.", "sx.", "tx.", "rx.");
    // "No. 5" is a number sign, "Pain: no. He" ends a sentence
    private static final String NUMBER_SIGN = "no.";

    private ClinicalSentenceSplitter() {
    }

    /** The sentences of a paragraph, each trimmed; empty input gives an empty list. */
    public static List<String> split(String para) {
        List<String> out = new ArrayList<>();
        int n = para.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = para.charAt(i);
            if (c != '.' && c != '?' && c != '!') {
                continue;
            }
            int j = i + 1;
            while (j < n && isClosing(para.charAt(j))) {
                j++;
            }
            if (j >= n || para.charAt(j) != ' ' || j + 1 >= n) {
                continue;
            }
            char next = para.charAt(j + 1);
            if (!startsSentence(para, j + 1)) {
                continue;
            }
            if (c == '.' && isAbbreviation(para, i, next)) {
                continue;
            }
            add(out, para, start, j);
            start = j + 1;
            i = j;
        }
        add(out, para, start, n);
        return out;
    }

    private static void add(List<String> out, String para, int from, int to) {
        String s = para.substring(from, to).strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    private static boolean isClosing(char c) {
        return c == '.' || c == '?' || c == '!' || c == ')' || c == ']' || c == '"' || c == '\'';
    }

    private static boolean startsSentence(String s, int k) {
        char c = s.charAt(k);
        if (Character.isUpperCase(c) || Character.isDigit(c) || c == DeidPlaceholders.MARK) {
            return true;
        }
        if ((c == '(' || c == '"' || c == '\'' || c == '[') && k + 1 < s.length()) {
            char d = s.charAt(k + 1);
            return Character.isUpperCase(d) || Character.isDigit(d) || d == DeidPlaceholders.MARK;
        }
        return false;
    }

    /** Whether the word whose period is at {@code dot} is an abbreviation, not a sentence end. */
    private static boolean isAbbreviation(String s, int dot, char next) {
        int b = dot;
        while (b > 0 && s.charAt(b - 1) != ' ') {
            b--;
        }
        // skip opening brackets/quotes: "(b.i.d.)" has its word after the bracket
        while (b < dot && (s.charAt(b) == '(' || s.charAt(b) == '"' || s.charAt(b) == '\'' || s.charAt(b) == '[')) {
            b++;
        }
        int len = dot + 1 - b;
        if (len <= 1) {
            return false;
        }
        if (len == 2 && Character.isLetter(s.charAt(b))) {
            // single initial ("J. Smith", "q. 6h"), unless it is a unit after a number ("2.5 L. Then")
            return !(b >= 2 && s.charAt(b - 1) == ' ' && Character.isDigit(s.charAt(b - 2)));
        }
        String word = s.substring(b, dot + 1).toLowerCase(java.util.Locale.ROOT);
        if (ABBREVIATIONS.contains(word)) {
            return true;
        }
        if (word.equals(NUMBER_SIGN)) {
            return Character.isDigit(next);
        }
        return isLetterDotRun(word);
    }

    /** "x.y." style: letters each followed by a period, at least two of them (e.g. "b.i.d.", "q.4.h." excluded). */
    private static boolean isLetterDotRun(String w) {
        if (w.length() < 4) {
            return false;
        }
        for (int i = 0; i < w.length(); i += 2) {
            if (i + 1 >= w.length() || !Character.isLetter(w.charAt(i)) || w.charAt(i + 1) != '.') {
                return false;
            }
        }
        return true;
    }
}
