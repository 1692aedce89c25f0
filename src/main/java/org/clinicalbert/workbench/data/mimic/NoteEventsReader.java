package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.io.StrictUtf8;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Streams {@code NOTEEVENTS.csv} (or {@code .csv.gz}) record by record with commons-csv, which handles RFC 4180
 * quoting: TEXT spans many lines and doubles its quotes. DataVec's CSVRecordReader reads line by line and cannot
 * parse such fields, so the DataVec pipeline starts from these records instead. Memory stays flat: one record at a
 * time, never the whole file.
 */
public final class NoteEventsReader implements Iterator<NoteEvent>, Closeable {

    // empty lines between records are harmless; everything else follows RFC 4180 strictly
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();

    private final Path file;
    private final CountingInputStream counted;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long recordNumber;
    private NoteEvent next;

    public NoteEventsReader(Path file) throws IOException {
        this(file, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Decoding strictly in {@code charset} (a NOTEEVENTS export known to be Latin-1, say). */
    public NoteEventsReader(Path file, java.nio.charset.Charset charset) throws IOException {
        this.file = file;
        this.counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        InputStream in = counted;
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                in = new GZIPInputStream(counted, 1 << 16);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                counted.close();
                throw new InputFormatException(file, "byte 0", "not a gzip file (the name ends in .gz): "
                        + e.getMessage(), e);
            }
        }
        // commons-csv buffers the reader itself; a BufferedReader in between only copies every char twice
        this.parser = CSVParser.parse(StrictUtf8.reader(in, file, charset), FORMAT);
        this.records = parser.iterator();
        checkHeader();
    }

    private void checkHeader() {
        CSVRecord header = fetch();
        if (header == null) {
            throw new InputFormatException(file, "line 1", "empty file: expected the NOTEEVENTS header");
        }
        List<String> got = new ArrayList<>();
        header.forEach(s -> got.add(s.trim()));
        if (!got.equals(NoteEvent.COLUMNS)) {
            throw new InputFormatException(file, "line 1", "not a NOTEEVENTS header: expected "
                    + String.join(",", NoteEvent.COLUMNS) + " but found " + String.join(",", got));
        }
    }

    /** The next raw record, or null at the end; parse errors become {@link InputFormatException}. */
    private CSVRecord fetch() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            // commons-csv reports an unterminated quote at EOF or junk after a closing quote this way
            throw new InputFormatException(file, "record " + (recordNumber + 1) + ", line "
                    + parser.getCurrentLineNumber(), "malformed CSV: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readNext();
        }
        return next != null;
    }

    @Override
    public NoteEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        NoteEvent n = next;
        next = null;
        return n;
    }

    private NoteEvent readNext() {
        long startLine = parser.getCurrentLineNumber() + 1;
        CSVRecord r = fetch();
        if (r == null) {
            return null;
        }
        recordNumber++;
        if (r.size() != NoteEvent.COLUMNS.size()) {
            throw new InputFormatException(file, "record " + recordNumber + ", line " + startLine,
                    "expected " + NoteEvent.COLUMNS.size() + " columns but found " + r.size());
        }
        return NoteEvent.of(r.toList(), recordNumber, startLine);
    }

    /** Bytes consumed from the file so far (compressed bytes for .gz), for progress and ETA. */
    public long bytesRead() {
        return counted.count;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static final class CountingInputStream extends FilterInputStream {
        private volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
