package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.io.MarkupText;

/** Escaping for the synthetic XML writers. */
final class XmlText {

    private XmlText() {
    }

    static String escape(String s) {
        return MarkupText.escape(s);
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
