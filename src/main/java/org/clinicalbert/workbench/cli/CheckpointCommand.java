package org.clinicalbert.workbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code workbench checkpoint ...}: look into TensorFlow checkpoints. */
@Command(name = "checkpoint",
        mixinStandardHelpOptions = true,
        description = "Inspect TensorFlow (TensorBundle V2) checkpoints such as google's BERT or Clinical BERT.",
        subcommands = {CheckpointInspectCommand.class})
public final class CheckpointCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
