package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.io.StrictUtf8;
import org.clinicalbert.workbench.data.ner.EntitySpan;
import org.clinicalbert.workbench.data.ner.LabelSet;
import org.clinicalbert.workbench.data.ner.NerDocument;
import org.clinicalbert.workbench.io.InputFormatException;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * i2b2 2006 de-identification: one XML file holding many records,
 * {@code <ROOT><RECORD ID=".."><TEXT> ... <PHI TYPE="DOCTOR">...</PHI> ... </TEXT></RECORD></ROOT>}.
 * The file is read with StAX, one RECORD at a time, so a whole corpus file is never held in memory. PHI markup is
 * turned into character spans over the record text; the shared tagger then splits a PHI glued to text
 * ({@code <PHI TYPE="DATE">01/01</PHI>/1995}) at the tag boundary. Unlike the original to_conll.py we keep the
 * glued remainder whole ({@code /1995}, tag O) rather than dropping its leading slash or dash.
 */
public final class I2b2_2006Reader extends I2b2Reader {

    public static final LabelSet LABELS = LabelSet.of("ID", "HOSPITAL", "PATIENT", "PHONE", "DATE", "DOCTOR", "LOCATION", "AGE");

    private final List<Path> files;

    public I2b2_2006Reader(Path fileOrDir) {
        // Inline markup has no separate copy of the text, so there is nothing to compare.
        super((annotated, observed) -> true);
        this.files = CorpusFiles.list(fileOrDir, ".xml");
    }

    @Override
    public LabelSet labels() {
        return LABELS;
    }

    @Override
    public List<String> documentIds() {
        List<String> ids = new ArrayList<>();
        try (Stream<NerDocument> s = stream(false)) {
            s.forEach(d -> ids.add(d.id()));
        }
        return ids;
    }

    @Override
    public Stream<NerDocument> documents() {
        return stream(true);
    }

    /**
     * One iterator over the records of all files in turn. (Not {@code files.stream().flatMap(...)}: when a stream is
     * consumed through its iterator, flatMap buffers a whole inner stream, i.e. a whole corpus file.)
     */
    private Stream<NerDocument> stream(boolean tag) {
        FilesIterator it = new FilesIterator(tag);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(it::close);
    }

    private final class FilesIterator implements Iterator<NerDocument> {
        private final boolean tag;
        private int nextFile;
        private RecordIterator current;

        FilesIterator(boolean tag) {
            this.tag = tag;
        }

        @Override
        public boolean hasNext() {
            while (current == null || !current.hasNext()) {
                close();
                if (nextFile >= files.size()) {
                    return false;
                }
                current = open(files.get(nextFile++), tag);
            }
            return true;
        }

        @Override
        public NerDocument next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    private RecordIterator open(Path file, boolean tag) {
        Reader in;
        try {
            in = StrictUtf8.reader(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new RecordIterator(file, in, SafeXml.factory().createXMLStreamReader(in), tag);
        } catch (XMLStreamException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new InputFormatException(file, SafeXml.where(e), "malformed XML: " + SafeXml.message(e), e);
        }
    }

    private final class RecordIterator implements Iterator<NerDocument> {
        private final Path file;
        private final Reader in;
        private final XMLStreamReader r;
        private final boolean tag;
        private NerDocument next;
        private boolean done;
        private boolean sawRoot;

        RecordIterator(Path file, Reader in, XMLStreamReader r, boolean tag) {
            this.file = file;
            this.in = in;
            this.r = r;
            this.tag = tag;
        }

        void close() {
            try {
                r.close();
                in.close();
            } catch (XMLStreamException | IOException e) {
                throw new IllegalStateException("closing " + file, e);
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    next = advance();
                } catch (XMLStreamException e) {
                    throw new InputFormatException(file, SafeXml.where(e), "malformed XML: " + SafeXml.message(e), e);
                }
                done = next == null;
            }
            return next != null;
        }

        @Override
        public NerDocument next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            NerDocument d = next;
            next = null;
            return d;
        }

        private NerDocument advance() throws XMLStreamException {
            while (r.hasNext()) {
                int ev = r.next();
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (!sawRoot) {
                    sawRoot = true;
                    if (!name.equals("ROOT")) {
                        throw new InputFormatException(file, SafeXml.where(r), "root element is <" + name + ">, expected <ROOT>");
                    }
                } else if (name.equals("RECORD")) {
                    String id = r.getAttributeValue(null, "ID");
                    if (id == null) {
                        throw new InputFormatException(file, SafeXml.where(r), "<RECORD> lacks attribute ID");
                    }
                    return readRecord(id);
                }
            }
            return null;
        }

        private NerDocument readRecord(String id) throws XMLStreamException {
            String recordAt = SafeXml.where(r);
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("TEXT")) {
                    return readText(id);
                }
                if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("RECORD")) {
                    break;
                }
            }
            throw new InputFormatException(file, recordAt, "<RECORD ID=\"" + id + "\"> has no <TEXT>");
        }

        private NerDocument readText(String id) throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            List<EntitySpan> spans = new ArrayList<>();
            java.util.Map<EntitySpan, String> places = new java.util.IdentityHashMap<>();
            int phiStart = -1;
            String phiType = null;
            String phiWhere = null;
            while (r.hasNext()) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(r.getText());
                    case XMLStreamConstants.START_ELEMENT -> {
                        String where = SafeXml.where(r);
                        if (!r.getLocalName().equals("PHI")) {
                            throw new InputFormatException(file, where, "unexpected <" + r.getLocalName() + "> inside <TEXT>");
                        }
                        if (phiType != null) {
                            throw new InputFormatException(file, where, "<PHI> nested inside another <PHI>");
                        }
                        String type = r.getAttributeValue(null, "TYPE");
                        if (type == null) {
                            throw new InputFormatException(file, where, "<PHI> lacks attribute TYPE");
                        }
                        phiType = LABELS.require(type, file, where);
                        phiStart = text.length();
                        phiWhere = where;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (r.getLocalName().equals("PHI")) {
                            EntitySpan span = new EntitySpan(phiType, phiStart, text.length(), text.substring(phiStart));
                            spans.add(span);
                            places.put(span, phiWhere);
                            phiType = null;
                        } else {
                            return document(id, text.toString(), spans, places);
                        }
                    }
                    default -> {
                    }
                }
            }
            throw new InputFormatException(file, SafeXml.where(r), "file ends inside <TEXT> of record " + id);
        }

        private NerDocument document(String id, String text, List<EntitySpan> spans,
                                     java.util.Map<EntitySpan, String> places) {
            if (!tag) {
                return new NerDocument(id, List.of(), List.of());
            }
            return tagged(file, id, text, spans, places);
        }
    }
}
