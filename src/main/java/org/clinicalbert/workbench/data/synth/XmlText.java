package org.clinicalbert.workbench.data.synth;

/** Escaping for the synthetic XML writers. */
final class XmlText {

    private XmlText() {
    }

    static String escape(String s) {
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

    /** A CDATA section holding {@code s} exactly; a literal "]]>" is split across two sections. */
    static String cdata(String s) {
        return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    /** Code point offset of a char index, as the i2b2 files count characters. */
    static int codePointOffset(String text, int charIndex) {
        return text.codePointCount(0, charIndex);
    }
}
