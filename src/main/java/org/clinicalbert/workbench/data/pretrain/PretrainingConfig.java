package org.clinicalbert.workbench.data.pretrain;

import org.clinicalbert.workbench.io.UserInputException;

/**
 * The knobs of google's create_pretraining_data.py. Defaults are the ClinicalBERT data settings:
 * max_seq_length 128, max_predictions_per_seq 22 (the paper's data; pretraining itself reads 20),
 * masked_lm_prob 0.15, dupe_factor 5, short_seq_prob 0.1, random_seed 12345, no whole-word masking.
 */
public record PretrainingConfig(int maxSeqLength, int maxPredictionsPerSeq, double maskedLmProb,
                                int dupeFactor, double shortSeqProb, long randomSeed,
                                boolean doWholeWordMask) implements java.io.Serializable {

    public PretrainingConfig {
        // max_num_tokens = max_seq_length - 3 must leave room for one token in A and one in B
        if (maxSeqLength < 5 || maxSeqLength > 65535) {
            throw new UserInputException("max_seq_length must be in [5, 65535]: " + maxSeqLength);
        }
        if (maxPredictionsPerSeq < 1 || maxPredictionsPerSeq > 65535) {
            throw new UserInputException("max_predictions_per_seq must be in [1, 65535]: " + maxPredictionsPerSeq);
        }
        if (!(maskedLmProb >= 0 && maskedLmProb <= 1)) {
            throw new UserInputException("masked_lm_prob must be in [0, 1]: " + maskedLmProb);
        }
        if (dupeFactor < 1) {
            throw new UserInputException("dupe_factor must be >= 1: " + dupeFactor);
        }
        if (!(shortSeqProb >= 0 && shortSeqProb <= 1)) {
            throw new UserInputException("short_seq_prob must be in [0, 1]: " + shortSeqProb);
        }
    }

    public static PretrainingConfig defaults() {
        return new PretrainingConfig(128, 22, 0.15, 5, 0.1, 12345L, false);
    }

    public PretrainingConfig withMaxSeqLength(int v) {
        return new PretrainingConfig(v, maxPredictionsPerSeq, maskedLmProb, dupeFactor, shortSeqProb, randomSeed, doWholeWordMask);
    }

    public PretrainingConfig withMaxPredictionsPerSeq(int v) {
        return new PretrainingConfig(maxSeqLength, v, maskedLmProb, dupeFactor, shortSeqProb, randomSeed, doWholeWordMask);
    }

    public PretrainingConfig withMaskedLmProb(double v) {
        return new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, v, dupeFactor, shortSeqProb, randomSeed, doWholeWordMask);
    }

    public PretrainingConfig withDupeFactor(int v) {
        return new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, v, shortSeqProb, randomSeed, doWholeWordMask);
    }

    public PretrainingConfig withRandomSeed(long v) {
        return new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, dupeFactor, shortSeqProb, v, doWholeWordMask);
    }
}
