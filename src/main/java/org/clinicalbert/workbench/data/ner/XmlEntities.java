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
            if (name.startsWith("#x")) {
                rep = new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            } else if (name.startsWith("#")) {
                rep = new String(Character.toChars(Integer.parseInt(name.substring(1))));
            } else {
                rep = NAMED.get(name);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
