package org.clinicalbert.workbench.data.ner;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes the five predefined XML entities and numeric character references left literally inside CDATA text.
 * Written here because the JDK has no public one-call decoder for a plain string and the set is tiny.
 */
public final class XmlEntities {

    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|apos|quot|#[0-9]+|#x[0-9a-fA-F]+);");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "apos", "'", "quot", "\"");

    private XmlEntities() {
    }

    public static String decode(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String rep;
            if (name.startsWith("#")) {
                int cp = codePoint(name);
                // not a character (past U+10FFFF, or too long to be one): kept as written, so the annotation's text
                // does not match the note's and the span is reported where it stands, not decoded into something else
                rep = cp < 0 ? m.group() : new String(Character.toChars(cp));
            } else {
                rep = NAMED.get(name);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The code point of {@code #123} or {@code #x7B}; -1 when it names none. */
    private static int codePoint(String reference) {
        boolean hex = reference.startsWith("#x");
        String digits = reference.substring(hex ? 2 : 1);
        if (digits.length() > 8) {
            return -1;
        }
        long v = Long.parseLong(digits, hex ? 16 : 10);
        return Character.isValidCodePoint((int) v) && v == (int) v ? (int) v : -1;
    }
}
