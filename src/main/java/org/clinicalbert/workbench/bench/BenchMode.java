package org.clinicalbert.workbench.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What one benchmark times; {@link #label()} is the name on the command line and in result file names. */
public enum BenchMode {
    /** INFERENCE graph, pooled output. */
    FORWARD,
    /** One fine-tuning step: TRAINING graph with dropout, classifier loss, gradients, AdamWeightDecay update. */
    TRAIN,
    /** {@code workbench embed} end to end on a model folder and an input file (see {@link EmbedBenchmark}). */
    EMBED,
    /** {@code workbench mimic format} on synthetic NOTEEVENTS of several sizes (see {@link MimicFormatBench}). */
    MIMIC_FORMAT,
    /** Pretraining-instance creation on synthetic text (see {@link PretrainingInstancesBenchmark}). */
    PRETRAIN_INSTANCES;

    /** {@code forward}, ..., {@code mimic-format}, {@code pretrain-instances}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode a label names (any case; {@code _} for {@code -} too), or an exception listing the labels. */
    public static BenchMode parse(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(m -> m.label().equals(wanted)).findFirst()
                .orElseThrow(() -> new org.clinicalbert.workbench.io.UserInputException("'" + label + "' is not a mode: "
                        + Arrays.stream(values()).map(BenchMode::label).collect(Collectors.joining(", "))));
    }
}
