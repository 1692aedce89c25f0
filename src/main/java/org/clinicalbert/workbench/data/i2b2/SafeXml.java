package org.clinicalbert.workbench.data.i2b2;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** StAX readers for corpus files: no DTDs or external entities, adjacent text and CDATA sections joined. */
final class SafeXml {

    private SafeXml() {
    }

    static XMLInputFactory factory() {
        // The JDK's own StAX parser, not whichever provider the classpath (e.g. shaded Woodstox) offers first.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Coalescing joins "]]]]><![CDATA[>"-style split CDATA sections into one text, as the XML spec intends.
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    static String where(XMLStreamReader r) {
        return where(r.getLocation());
    }

    static String where(Location loc) {
        return loc == null ? "" : "line " + loc.getLineNumber() + ", column " + loc.getColumnNumber();
    }

    static String where(XMLStreamException e) {
        return where(e.getLocation());
    }
}
