package org.clinicalbert.workbench.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The lower bounds of numeric options, checked before a command does any work, each refusal one usage line naming
 * the option and the value (picocli has no ranges of its own).
 */
final class OptionBounds {

    private OptionBounds() {
    }

    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", got " + value);
        }
    }

    /** A probability in (0, 1], or [0, 1] where {@code zeroAllowed}. */
    static void probability(CommandSpec spec, String option, double value, boolean zeroAllowed) {
        if (!(value <= 1 && (zeroAllowed ? value >= 0 : value > 0))) {
            throw new ParameterException(spec.commandLine(), option + " must be in " + (zeroAllowed ? "[0, 1]" : "(0, 1]")
                    + ", got " + value);
        }
    }

    /** A positive real number (a learning rate). */
    static void positive(CommandSpec spec, String option, double value) {
        if (!(value > 0)) {
            throw new ParameterException(spec.commandLine(), option + " must be positive, got " + value);
        }
    }
}
