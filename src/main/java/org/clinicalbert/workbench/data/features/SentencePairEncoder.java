package org.clinicalbert.workbench.data.features;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.tokenize.FullTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a sentence (pair) as google's run_classifier.convert_single_example does:
 * {@code [CLS] a [SEP] b [SEP]}, segment 0 for the first part and 1 for the second, and a pair that is too
 * long shortened one token at a time from the end of the longer side (_truncate_seq_pair).
 */
public final class SentencePairEncoder {

    private final FullTokenizer tokenizer;
    private final int maxSeqLength;
    private final int cls;
    private final int sep;

    public SentencePairEncoder(FullTokenizer tokenizer, int maxSeqLength) {
        if (maxSeqLength < 4) {
            throw new UserInputException("max_seq_length must be at least 4, got " + maxSeqLength);
        }
        this.tokenizer = tokenizer;
        this.maxSeqLength = maxSeqLength;
        this.cls = requireId(tokenizer, "[CLS]");
        this.sep = requireId(tokenizer, "[SEP]");
    }

    static int requireId(FullTokenizer tokenizer, String token) {
        int id = tokenizer.vocab().id(token);
        if (id < 0) {
            throw new UserInputException("vocabulary has no " + token + " token");
        }
        return id;
    }

    public PairFeatures encode(String a, String b) {
        List<String> ta = new ArrayList<>(tokenizer.tokenize(a));
        List<String> tb = b == null ? null : new ArrayList<>(tokenizer.tokenize(b));
        if (tb == null) {
            if (ta.size() > maxSeqLength - 2) {
                ta = ta.subList(0, maxSeqLength - 2);
            }
        } else {
            truncatePair(ta, tb, maxSeqLength - 3);
        }
        int n = ta.size() + 2 + (tb == null ? 0 : tb.size() + 1);
        int[] ids = new int[n];
        int[] seg = new int[n];
        int i = 0;
        ids[i++] = cls;
        for (int id : tokenizer.convertTokensToIds(ta)) {
            ids[i++] = id;
        }
        ids[i++] = sep;
        if (tb != null) {
            for (int id : tokenizer.convertTokensToIds(tb)) {
                seg[i] = 1;
                ids[i++] = id;
            }
            seg[i] = 1;
            ids[i++] = sep;
        }
        return new PairFeatures(ids, seg);
    }

    /** google's _truncate_seq_pair: drop from the end of the longer list until the pair fits. */
    static void truncatePair(List<String> a, List<String> b, int maxLength) {
        while (a.size() + b.size() > maxLength) {
            List<String> longer = a.size() > b.size() ? a : b;
            longer.remove(longer.size() - 1);
        }
    }
}
