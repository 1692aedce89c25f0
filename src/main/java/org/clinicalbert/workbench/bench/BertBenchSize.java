package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.model.BertConfig;

/** The model sizes the BERT benchmark knows: google's BERT-base (cased vocabulary, as BioBERT/ClinicalBERT) and a tiny one. */
public enum BertBenchSize {
    /** BERT-base cased: 12 x 768, 12 heads, FF 3072, 28,996 words. */
    BASE(new BertConfig(28996, 768, 12, 12, 3072, "gelu", 0.1, 0.1, 512, 2, 0.02)),
    /** For plumbing checks: 2 x 64, 4 heads, FF 128, 1,000 words. */
    TINY(new BertConfig(1000, 64, 2, 4, 128, "gelu", 0.1, 0.1, 512, 2, 0.02));

    private final BertConfig config;

    BertBenchSize(BertConfig config) {
        this.config = config;
    }

    public BertConfig config() {
        return config;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
