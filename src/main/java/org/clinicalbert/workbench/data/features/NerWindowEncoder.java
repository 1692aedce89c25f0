package org.clinicalbert.workbench.data.features;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.tokenize.FullTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a tagged sentence (words + label ids) into model inputs. Each word is word-pieced; its label goes on
 * its first piece and the other pieces are ignored in the loss (as the original NER code). A sentence longer
 * than max_seq_length is cut into consecutive windows at word boundaries, so no word is ever truncated
 * away; only a single word longer than a whole window keeps just its first pieces (its label survives).
 */
public final class NerWindowEncoder {

    private final FullTokenizer tokenizer;
    private final int maxPieces;
    private final int cls;
    private final int sep;
    private final int unk;

    public NerWindowEncoder(FullTokenizer tokenizer, int maxSeqLength) {
        if (maxSeqLength < 3) {
            throw new UserInputException("max_seq_length must be at least 3, got " + maxSeqLength);
        }
        this.tokenizer = tokenizer;
        this.maxPieces = maxSeqLength - 2;
        this.cls = SentencePairEncoder.requireId(tokenizer, "[CLS]");
        this.sep = SentencePairEncoder.requireId(tokenizer, "[SEP]");
        this.unk = tokenizer.vocab().unkId();
    }

    /** @param labels label id per word, or null at prediction time */
    public List<NerWindow> encode(List<String> words, int[] labels) {
        List<int[]> pieces = new ArrayList<>(words.size());
        for (String w : words) {
            int[] ids = tokenizer.convertTokensToIds(tokenizer.tokenize(w));
            // a word made only of characters the basic tokenizer drops (control chars) still needs a slot
            pieces.add(ids.length == 0 ? new int[]{unk} : ids);
        }
        List<NerWindow> windows = new ArrayList<>();
        int start = 0;
        while (start < words.size()) {
            int end = start;
            int used = 0;
            while (end < words.size() && (end == start || used + pieces.get(end).length <= maxPieces)) {
                used += Math.min(pieces.get(end).length, maxPieces);
                end++;
            }
            windows.add(window(pieces, labels, start, end, used));
            start = end;
        }
        return windows;
    }

    private NerWindow window(List<int[]> pieces, int[] labels, int start, int end, int used) {
        int[] ids = new int[used + 2];
        int[] pieceLabels = new int[used + 2];
        int[] positions = new int[end - start];
        java.util.Arrays.fill(pieceLabels, NerWindow.IGNORE);
        int p = 0;
        ids[p++] = cls;
        for (int w = start; w < end; w++) {
            int[] wp = pieces.get(w);
            positions[w - start] = p;
            if (labels != null) {
                pieceLabels[p] = labels[w];
            }
            for (int k = 0; k < Math.min(wp.length, maxPieces); k++) {
                ids[p++] = wp[k];
            }
        }
        ids[p] = sep;
        return new NerWindow(ids, pieceLabels, start, positions);
    }
}
