package org.clinicalbert.workbench.tokenize;

import java.util.ArrayList;
import java.util.List;

/** Python's argument-less {@code str.split()} on code points, which google's {@code whitespace_tokenize} uses. */
final class PythonStrings {

    private PythonStrings() {
    }

    /** Splits on runs of {@link CharClasses#isPythonSpace} characters, dropping empty pieces. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (CharClasses.isPythonSpace(cp)) {
                if (start >= 0) {
                    out.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** Python's argument-less {@code str.strip()}. */
    static String strip(String text) {
        int begin = 0;
        int end = text.length();
        while (begin < end && CharClasses.isPythonSpace(text.codePointAt(begin))) {
            begin += Character.charCount(text.codePointAt(begin));
        }
        while (end > begin && CharClasses.isPythonSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(begin, end);
    }

    /** A token quoted for an error message, its invisible characters escaped as Python does. */
    static String repr(String token) {
        StringBuilder sb = new StringBuilder("'");
        token.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (cp < 0x20 || type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || CharClasses.isPythonSpace(cp) && cp != ' ') {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('\'').toString();
    }
}
