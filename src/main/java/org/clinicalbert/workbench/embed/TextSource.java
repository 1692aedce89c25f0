package org.clinicalbert.workbench.embed;

import java.io.Closeable;
import java.io.IOException;

/** Texts read one at a time from an input, so that a corpus is never held in memory. */
public interface TextSource extends Closeable {

    /** The next text, or null at the end. */
    SourceText next() throws IOException;

    /** Bytes consumed so far, against {@link #totalBytes} for progress and ETA. */
    long bytesRead();

    long totalBytes();

    /** What kind of input this is, for embed.json. */
    InputKind kind();
}
