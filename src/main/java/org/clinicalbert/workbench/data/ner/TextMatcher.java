package org.clinicalbert.workbench.data.ner;

import java.util.Locale;

/** Decides whether an annotation's own text agrees with the document text at its offsets. */
@FunctionalInterface
public interface TextMatcher {

    boolean matches(String annotated, String observed);

    /**
     * For XML formats (2012, 2014): the attribute value is XML-decoded by the parser while the raw CDATA text
     * may still hold entity strings ({@code &apos;}, {@code &quot;}, ...), and spans across lines compare with
     * whitespace collapsed: the same allowances the original Reformat notebooks make.
     */
    TextMatcher XML_ATTRIBUTE = (annotated, observed) -> {
        String a = collapse(annotated);
        String o = collapse(observed);
        return a.equals(o) || a.equals(collapse(XmlEntities.decode(o)));
    };

    /** For 2010 {@code .con} files: the quoted text is lower-cased relative to the note. */
    TextMatcher CASE_INSENSITIVE = (annotated, observed) ->
            collapse(annotated).toLowerCase(Locale.ROOT).equals(collapse(observed).toLowerCase(Locale.ROOT));

    /** Whitespace runs (any Unicode space) to one space, trimmed: what Python's {@code ' '.join(s.split())} does. */
    static String collapse(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Whitespace.is(c)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
