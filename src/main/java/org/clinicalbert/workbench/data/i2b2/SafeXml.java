package org.clinicalbert.workbench.data.i2b2;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** StAX readers for corpus files: no DTDs or external entities, adjacent text and CDATA sections joined. */
final class SafeXml {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SafeXml.class);

    private SafeXml() {
    }

    static XMLInputFactory factory() {
        // The JDK's own StAX parser, not whichever provider the classpath (e.g. shaded Woodstox) offers first.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Coalescing joins "]]]]><![CDATA[>"-style split CDATA sections into one text, as the XML spec intends.
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        // Parser warnings and recoverable errors go to the log, never straight to the terminal; fatal ones
        // arrive as XMLStreamException and become one InputFormatException line.
        f.setXMLReporter((message, type, info, location) ->
                LOG.debug("{} {} ({}): {}", type, where(location), info, message));
        return f;
    }

    static String where(XMLStreamReader r) {
        return where(r.getLocation());
    }

    static String where(Location loc) {
        return loc == null ? "" : "line " + loc.getLineNumber() + ", column " + loc.getColumnNumber();
    }

    /** The parser's own message without its "ParseError at [row,col]:[r,c]\nMessage: " prefix (the location is said elsewhere). */
    static String message(XMLStreamException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int i = m.indexOf("Message: ");
        return (i >= 0 ? m.substring(i + "Message: ".length()) : m).replace('\n', ' ').strip();
    }

    static String where(XMLStreamException e) {
        return where(e.getLocation());
    }
}
