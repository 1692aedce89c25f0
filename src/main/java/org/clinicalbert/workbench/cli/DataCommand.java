package org.clinicalbert.workbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code workbench data ...}: commands about the downstream corpora. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Inspect the downstream corpora (MedNLI, i2b2 2006/2010/2012/2014).",
        subcommands = {DataStatsCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
