package org.clinicalbert.workbench.tokenize;

import org.clinicalbert.workbench.io.UserInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small WordPiece vocabulary for tiny models trained from scratch (the bundled demo): BERT's special
 * tokens, every printable ASCII character alone and as a {@code ##} continuation (so any ASCII word can be
 * covered), then the most frequent basic-tokenizer words. Not google's WordPiece training (which merges
 * sub-words by likelihood), which real models never need since they ship their vocabulary.
 */
public final class VocabBuilder {

    public static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private final BasicTokenizer basic;
    private final Map<String, Integer> counts = new HashMap<>();

    public VocabBuilder(boolean doLowerCase) {
        this.basic = new BasicTokenizer(doLowerCase);
    }

    public void add(String text) {
        for (String w : basic.tokenize(text)) {
            counts.merge(w, 1, Integer::sum);
        }
    }

    /** At most {@code size} entries; words seen fewer than {@code minCount} times are left to word pieces. */
    public List<String> build(int size, int minCount) {
        Set<String> vocab = new LinkedHashSet<>(SPECIAL);
        for (char c = 33; c < 127; c++) {
            vocab.add(String.valueOf(c));
        }
        for (char c = 33; c < 127; c++) {
            vocab.add("##" + c);
        }
        if (vocab.size() > size) {
            throw new UserInputException("vocabulary size " + size + " is below the " + vocab.size()
                    + " special and character entries");
        }
        List<Map.Entry<String, Integer>> words = new ArrayList<>(counts.entrySet());
        words.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Integer> w : words) {
            if (vocab.size() >= size || w.getValue() < minCount) {
                break;
            }
            vocab.add(w.getKey());
        }
        return new ArrayList<>(vocab);
    }
}
