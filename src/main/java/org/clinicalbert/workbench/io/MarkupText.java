package org.clinicalbert.workbench.io;

/** Text inside XML or HTML elements and double-quoted attributes: the synthetic i2b2 XML and the HTML report. */
public final class MarkupText {

    private MarkupText() {
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
