package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.io.StrictUtf8;
import org.clinicalbert.workbench.io.InputFormatException;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One i2b2 2012/2014-style file: {@code <ROOT><TEXT><![CDATA[...]]></TEXT><TAGS><X start=".." .../>...</TAGS></ROOT>}.
 * The text is the TEXT element's content exactly as the XML parser returns it (CDATA is not entity-decoded,
 * so literal {@code &apos;} stays six characters, as in the original converters' raw reading).
 */
record OffsetXmlDocument(String text, List<Tag> tags) {

    /** One child of TAGS with its attributes and where it is in the file. */
    record Tag(String name, Map<String, String> attributes, String location) {
    }

    static OffsetXmlDocument parse(Path file, String rootName) {
        try (Reader in = StrictUtf8.reader(file)) {
            XMLStreamReader r = SafeXml.factory().createXMLStreamReader(in);
            try {
                return parse(file, rootName, r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new InputFormatException(file, SafeXml.where(e), "malformed XML: " + SafeXml.message(e), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static OffsetXmlDocument parse(Path file, String rootName, XMLStreamReader r) throws XMLStreamException {
        String text = null;
        List<Tag> tags = new ArrayList<>();
        int depth = 0;
        boolean inTags = false;
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = r.getLocalName();
                if (depth == 1 && !name.equals(rootName)) {
                    throw new InputFormatException(file, SafeXml.where(r), "root element is <" + name + ">, expected <" + rootName + ">");
                }
                if (depth == 2 && name.equals("TEXT")) {
                    if (text != null) {
                        throw new InputFormatException(file, SafeXml.where(r), "second <TEXT> element");
                    }
                    text = r.getElementText();
                    depth--;
                } else if (depth == 2 && name.equals("TAGS")) {
                    inTags = true;
                } else if (depth == 3 && inTags) {
                    Map<String, String> attrs = new LinkedHashMap<>();
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                    }
                    tags.add(new Tag(name, attrs, SafeXml.where(r)));
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                if (depth == 2 && r.getLocalName().equals("TAGS")) {
                    inTags = false;
                }
                depth--;
            }
        }
        if (text == null) {
            throw new InputFormatException(file, "", "no <TEXT> element under <" + rootName + ">");
        }
        if (text.isBlank()) {
            // as the 2010 reader refuses an empty .txt: a document of no sentences, its tags nowhere to point
            throw new InputFormatException(file, null, "no text: the note is empty or blank");
        }
        return new OffsetXmlDocument(text, tags);
    }
}
