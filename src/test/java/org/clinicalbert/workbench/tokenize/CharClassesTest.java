package org.clinicalbert.workbench.tokenize;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Unicode code point classified as google's Python does (tables from tokenizer_golden.py). Code points that
 * Java 17 (Unicode 13) does not know but Python 3.11 (Unicode 14) does (838 were added) are the accepted divergence,
 * plus one character whose category changed between the two versions.
 */
class CharClassesTest {

    /** Mn in Java 17's Unicode 13, Mc in Python's Unicode 14: Java strips it when lower-casing, Python keeps it. */
    private static final int HANUNOO_PAMUDPOD = 0x1734;

    @Test
    void predicatesMatchPythonForAllCodePoints() {
        List<String> mismatches = new ArrayList<>();
        int covered = 0;
        int newerUnicode = 0;
        for (String row : GoldenFiles.lines("char_classes.tsv")) {
            if (row.startsWith("#")) {
                continue;
            }
            String[] f = row.split("\t");
            int first = Integer.parseInt(f[0], 16);
            int last = Integer.parseInt(f[1], 16);
            boolean control = f[2].equals("1");
            boolean whitespace = f[3].equals("1");
            boolean punctuation = f[4].equals("1");
            boolean pySpace = f[5].equals("1");
            for (int cp = first; cp <= last; cp++) {
                covered++;
                if (CharClasses.isControl(cp) == control && CharClasses.isWhitespace(cp) == whitespace
                        && CharClasses.isPunctuation(cp) == punctuation && CharClasses.isPythonSpace(cp) == pySpace) {
                    continue;
                }
                if (!Character.isDefined(cp)) {
                    newerUnicode++;
                } else if (mismatches.size() < 20) {
                    mismatches.add(String.format("U+%04X", cp));
                }
            }
        }
        assertEquals(0x110000, covered, "table must cover all of Unicode");
        assertTrue(mismatches.isEmpty(), "classes differ from Python at " + mismatches);
        assertTrue(newerUnicode < 300, "unexpectedly many post-Unicode-13 differences: " + newerUnicode);
    }

    @Test
    void lowerCaseAndAccentStripMatchPythonForAllCodePoints() {
        int[][] expected = new int[0x110000][];
        for (String row : GoldenFiles.lines("lower_strip.tsv")) {
            if (row.startsWith("#")) {
                continue;
            }
            String[] f = row.split("\t");
            int first = Integer.parseInt(f[0], 16);
            int last = Integer.parseInt(f[1], 16);
            for (int cp = first; cp <= last; cp++) {
                if (f[2].equals("-")) {
                    expected[cp] = new int[0];
                } else if (f[2].startsWith("=")) {
                    expected[cp] = Arrays.stream(f[2].substring(1).split(" "))
                            .mapToInt(s -> Integer.parseInt(s, 16)).toArray();
                } else {
                    expected[cp] = new int[] {cp + Integer.parseInt(f[2].replace("+", ""))};
                }
            }
        }
        List<String> mismatches = new ArrayList<>();
        int newerUnicode = 0;
        for (int cp = 0; cp < 0x110000; cp++) {
            if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xAC00 && cp <= 0xD7A3)) {
                continue; // surrogates are not characters; Hangul syllables are left out of the table
            }
            int[] want = expected[cp] == null ? new int[] {cp} : expected[cp];
            String in = new String(Character.toChars(cp));
            int[] got = BasicTokenizer.stripAccents(in.toLowerCase(Locale.ROOT)).codePoints().toArray();
            if (!Arrays.equals(want, got)) {
                if (!Character.isDefined(cp) || cp == HANUNOO_PAMUDPOD) {
                    newerUnicode++;
                } else if (mismatches.size() < 20) {
                    mismatches.add(String.format("U+%04X", cp));
                }
            }
        }
        assertTrue(mismatches.isEmpty(), "lower+strip differs from Python at " + mismatches);
        assertTrue(newerUnicode < 300, "unexpectedly many post-Unicode-13 differences: " + newerUnicode);
    }
}
