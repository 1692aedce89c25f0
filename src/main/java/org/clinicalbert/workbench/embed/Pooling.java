package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.UserInputException;

import java.util.Locale;

/** How a window's token vectors become one vector. */
public enum Pooling {
    /** The [CLS] position of the chosen layer(s). */
    CLS,
    /**
     * The chosen layer(s) averaged over every token of the window, [CLS] and [SEP] included, padding excluded
     * (sentence-transformers' mean pooling with BERT's special tokens kept).
     */
    MEAN,
    /** The pooler output {@code tanh(dense(last layer [CLS]))}; there is only one such layer. */
    POOLED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Pooling parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("unknown pooling '" + s + "': expected cls, mean or pooled");
        }
    }
}
