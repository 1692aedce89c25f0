package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.SkippedRecords;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Texts read one at a time from an input, so that a corpus is never held in memory. */
public interface TextSource extends Closeable {

    /** The next text, or null at the end. */
    SourceText next() throws IOException;

    /** The next {@code n} texts, fewer at the end, none once the input is exhausted: the unit embed works in. */
    default List<SourceText> nextGroup(int n) throws IOException {
        List<SourceText> group = new ArrayList<>(n);
        SourceText t;
        while (group.size() < n && (t = next()) != null) {
            group.add(t);
        }
        return group;
    }

    /** Bytes consumed so far, against {@link #totalBytes} for progress and ETA. */
    long bytesRead();

    long totalBytes();

    /** What kind of input this is, for embed.json. */
    InputKind kind();

    /**
     * The records this input's filter has left out so far (counted and located, for embed.json); null for an input
     * that leaves nothing out by design (lines, jsonl and shards skip blank texts only).
     */
    default SkippedRecords skipped() {
        return null;
    }
}
