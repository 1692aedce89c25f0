package org.clinicalbert.workbench.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What every workbench command that does work has from picocli: its spec, the console it writes to (the streams
 * picocli was given, so tests capture them), the folder relative paths resolve against, and the usage mistake that
 * ends in one line with exit 2 and the pointer to {@code --help}.
 */
abstract class WorkbenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Where results and progress lines go. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where warnings and the error line go. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The working directory, absolute: what relative paths on the command line mean. */
    static Path workingDir() {
        return Path.of("").toAbsolutePath();
    }

    /** A usage mistake (a combination of options, a missing one): one line and exit 2, as picocli's own. */
    ParameterException mistake(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
