package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.data.ner.EntitySpan;
import org.clinicalbert.workbench.data.ner.LabelSet;
import org.clinicalbert.workbench.data.ner.NerDocument;
import org.clinicalbert.workbench.data.ner.SpanIssue;
import org.clinicalbert.workbench.data.ner.TextMatcher;
import org.clinicalbert.workbench.io.InputFormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Shared reading for the stand-off XML corpora (2012, 2014): one XML file per document, offsets are 0-based
 * code point offsets into the TEXT content, start inclusive, end exclusive (see {@code I2b2_2012ReaderTest}
 * for how that convention was checked).
 */
abstract class OffsetXmlCorpusReader extends I2b2Reader {

    private final List<Path> files;
    private final String rootName;

    OffsetXmlCorpusReader(Path dirOrFile, String rootName) {
        super(TextMatcher.XML_ATTRIBUTE);
        this.files = CorpusFiles.list(dirOrFile, ".xml");
        this.rootName = rootName;
    }

    /** Which TAGS children are entities, and their type attribute; null to ignore the element. */
    protected abstract String typeAttribute(String elementName);

    /**
     * The TAGS children this format defines (entities and the ones ignored on purpose); any other element is a
     * misspelling and an error, as an unknown type is in every i2b2 format. Null: every child is an entity.
     */
    protected java.util.Set<String> knownElements() {
        return null;
    }

    @Override
    public List<String> documentIds() {
        return files.stream().map(f -> CorpusFiles.stem(f, ".xml")).toList();
    }

    @Override
    public Stream<NerDocument> documents() {
        return files.stream().map(this::read);
    }

    @Override
    public Stream<NerDocument> documents(Predicate<String> keep) {
        return files.stream().filter(f -> keep.test(CorpusFiles.stem(f, ".xml"))).map(this::read);
    }

    NerDocument read(Path file) {
        String id = CorpusFiles.stem(file, ".xml");
        OffsetXmlDocument doc = OffsetXmlDocument.parse(file, rootName);
        String text = doc.text();
        CodePointOffsets offsets = new CodePointOffsets(text);
        List<EntitySpan> spans = new ArrayList<>();
        java.util.Map<EntitySpan, String> places = new java.util.IdentityHashMap<>();
        for (OffsetXmlDocument.Tag tag : doc.tags()) {
            java.util.Set<String> known = knownElements();
            if (known != null && !known.contains(tag.name())) {
                throw new InputFormatException(file, tag.location(), "unknown element <" + tag.name()
                        + "> in <TAGS>; expected one of " + new java.util.TreeSet<>(known));
            }
            String typeAttr = typeAttribute(tag.name());
            if (typeAttr == null) {
                continue;
            }
            int start = intAttribute(file, tag, "start");
            int end = intAttribute(file, tag, "end");
            String type = tag.attributes().get(typeAttr);
            if (type == null) {
                throw new InputFormatException(file, tag.location(), "<" + tag.name() + "> lacks attribute " + typeAttr);
            }
            type = type.strip();
            String annotated = tag.attributes().get("text");
            int s = offsets.toCharIndex(start);
            int e = offsets.toCharIndex(end);
            if (type.isEmpty()) {
                issues.add(new SpanIssue(file, id, new EntitySpan(type, start, end, annotated), SpanIssue.Kind.MISSING_TYPE,
                        tag.location()));
                continue;
            }
            labels().require(type, file, tag.location());
            if (s < 0 || e < 0) {
                issues.add(new SpanIssue(file, id, new EntitySpan(type, start, end, annotated), SpanIssue.Kind.OUT_OF_RANGE,
                        tag.location() + ": document has " + text.codePointCount(0, text.length()) + " characters"));
                continue;
            }
            EntitySpan span = new EntitySpan(type, s, e, annotated);
            spans.add(span);
            places.put(span, tag.location());
        }
        return tagged(file, id, text, spans, places);
    }

    private static int intAttribute(Path file, OffsetXmlDocument.Tag tag, String name) {
        String v = tag.attributes().get(name);
        if (v == null) {
            throw new InputFormatException(file, tag.location(), "<" + tag.name() + "> lacks attribute " + name);
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException ex) {
            throw new InputFormatException(file, tag.location(), "<" + tag.name() + "> attribute " + name + "=\"" + v + "\" is not an integer");
        }
    }
}
