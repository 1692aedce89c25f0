package org.clinicalbert.workbench.checkpoint;

/** What a checkpoint entry holds: a model weight, optimizer state, or the training step counter. */
public enum VariableKind {
    MODEL,
    OPTIMIZER_SLOT,
    GLOBAL_STEP;

    /**
     * Classifies by name as TF optimizers write them: BERT's AdamWeightDecayOptimizer adds
     * {@code <var>/adam_m} and {@code <var>/adam_v}; tf.train.AdamOptimizer adds {@code <var>/Adam},
     * {@code <var>/Adam_1} and {@code beta1_power}/{@code beta2_power}; BioBERT v1.0's checkpoints carry
     * {@code <var>/BERTAdam} / {@code BERTAdam_1} slots.
     */
    public static VariableKind of(String name) {
        if (name.equals("global_step")) {
            return GLOBAL_STEP;
        }
        String last = name.substring(name.lastIndexOf('/') + 1);
        return switch (last) {
            case "adam_m", "adam_v", "Adam", "Adam_1", "BERTAdam", "BERTAdam_1", "beta1_power", "beta2_power" ->
                    OPTIMIZER_SLOT;
            default -> MODEL;
        };
    }
}
