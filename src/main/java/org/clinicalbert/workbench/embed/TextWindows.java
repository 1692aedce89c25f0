package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.UserInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a text's word pieces into windows that fit {@code max_seq_length} with its [CLS] and [SEP], the way
 * google's {@code run_squad.py} cuts documents into doc spans: a window holds at most {@code maxSeqLength - 2}
 * pieces, the next starts {@code stride} pieces later, and the last one ends at the text's end. A text that fits
 * is one window, encoded exactly as {@code encode} does.
 */
public final class TextWindows {

    /** Pieces {@code [start, start + length)} of the text. */
    public record Window(int start, int length) {
        public int end() {
            return start + length;
        }

        /** Tokens the model sees: the pieces plus [CLS] and [SEP]. */
        public int tokens() {
            return length + 2;
        }
    }

    private final int maxPieces;
    private final int stride;

    /** @param stride pieces between window starts; at most {@code maxSeqLength - 2} so windows overlap or touch */
    public TextWindows(int maxSeqLength, int stride) {
        if (maxSeqLength < 3) {
            throw new UserInputException("--max-seq-length must be at least 3, got " + maxSeqLength);
        }
        if (stride < 1 || stride > maxSeqLength - 2) {
            throw new UserInputException("--stride must be between 1 and max-seq-length - 2 = "
                    + (maxSeqLength - 2) + ", got " + stride);
        }
        this.maxPieces = maxSeqLength - 2;
        this.stride = stride;
    }

    /** Half a window: each piece of a long text is seen in (about) two windows. */
    public static int defaultStride(int maxSeqLength) {
        return Math.max(1, (maxSeqLength - 2) / 2);
    }

    public List<Window> plan(int pieces) {
        List<Window> out = new ArrayList<>();
        int start = 0;
        // run_squad.py: while start_offset < len(all_doc_tokens) ... start_offset += min(length, doc_stride);
        // an empty text is still one window ([CLS] [SEP])
        do {
            int length = Math.min(pieces - start, maxPieces);
            out.add(new Window(start, length));
            if (start + length == pieces) {
                break;
            }
            start += Math.min(length, stride);
        } while (start < pieces);
        return out;
    }
}
