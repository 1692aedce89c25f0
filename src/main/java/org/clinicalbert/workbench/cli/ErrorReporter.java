package org.clinicalbert.workbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * The one place where a command's failure becomes what the user sees: {@link ErrorLine}'s single line on
 * standard error and its exit code; the stack trace only with {@code --debug} or {@code WORKBENCH_DEBUG=1}.
 * Usage mistakes (unknown option, bad value) get one line and a pointer to the command's --help.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    public static final String DEBUG_OPTION = "--debug";
    public static final String DEBUG_ENV = "WORKBENCH_DEBUG";

    private final boolean debugFromEnvironment;

    public ErrorReporter(boolean debugFromEnvironment) {
        this.debugFromEnvironment = debugFromEnvironment;
    }

    /** Installs the handlers on {@code cl} (and so on every subcommand added to it before). */
    public static CommandLine install(CommandLine cl) {
        String env = System.getenv(DEBUG_ENV);
        ErrorReporter r = new ErrorReporter(env != null && !env.isEmpty() && !env.equals("0"));
        cl.setExecutionExceptionHandler(r);
        cl.setParameterExceptionHandler(r);
        return cl;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        return report(ex, cl, debug(parsed));
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        if (debugFromEnvironment || List.of(args).contains(DEBUG_OPTION)) {
            ex.printStackTrace(err);
        }
        if (ex.getCause() instanceof InputPath.Refused refused && ex.getArgSpec() != null) {
            // a path's own line, as a reader would have said it, with the option that named it
            String option = ex.getArgSpec() instanceof picocli.CommandLine.Model.OptionSpec o ? o.longestName()
                    : ex.getArgSpec().paramLabel();
            err.println("error: " + refused.getMessage() + " (" + option + ")");
            err.flush();
            return ErrorLine.BAD_INPUT;
        }
        StringBuilder line = new StringBuilder("error: ").append(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
        }
        line.append("; see '").append(cl.getCommandSpec().qualifiedName()).append(" --help'");
        err.println(line);
        err.flush();
        return ErrorLine.BAD_INPUT;
    }

    private int report(Throwable ex, CommandLine cl, boolean debug) {
        PrintWriter err = cl.getErr();
        cl.getOut().flush();
        if (debug) {
            ex.printStackTrace(err);
        }
        ErrorLine line = ErrorLine.of(ex);
        err.println(line.text());
        err.flush();
        return line.exitCode();
    }

    private boolean debug(ParseResult parsed) {
        if (debugFromEnvironment) {
            return true;
        }
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }
}
