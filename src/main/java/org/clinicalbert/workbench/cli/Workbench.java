package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.runtime.NativeBuild;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `workbench` command: one entry point whose subcommands each call one thing. */
@Command(name = "workbench",
        mixinStandardHelpOptions = true,
        versionProvider = WorkbenchVersion.class,
        description = "Clinical BERT workbench: ClinicalBERT (Alsentzer et al. 2019) on Deeplearning4j / SameDiff.",
        subcommands = {
                // the main job, then analysis, data preparation, models and tools
                RunCommand.class, StatusCommand.class, PredictCommand.class, SweepCommand.class, StudyCommand.class,
                CompareCommand.class, ReportCommand.class,
                CheckConfigCommand.class, EncodeCommand.class, EmbedCommand.class, NeighborsCommand.class,
                ExportCommand.class,
                SynthCommand.class, DataCommand.class, MimicCommand.class, PretrainDataCommand.class, PretrainCommand.class,
                CheckpointCommand.class, NewModelCommand.class, ConllEvalCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Workbench implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = ErrorReporter.DEBUG_OPTION, scope = CommandLine.ScopeType.INHERIT,
            description = "on an error, also print the stack trace (or set " + ErrorReporter.DEBUG_ENV + "=1)")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Workbench()).setCaseInsensitiveEnumValuesAllowed(true);
        shareVersion(cl, new WorkbenchVersion());
        return ErrorReporter.install(cl);
    }

    /** Every subcommand's -V prints the workbench version. */
    private static void shareVersion(CommandLine cl, CommandLine.IVersionProvider version) {
        cl.getCommandSpec().versionProvider(version);
        cl.getSubcommands().values().forEach(sub -> shareVersion(sub, version));
    }

    public static void main(String[] args) {
        // before anything loads ND4J: the fastest nd4j-native build this CPU can run
        NativeBuild.select();
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands exceptions to ErrorReporter but lets Errors through; running out of memory (Java's heap
            // or JavaCPP's physical-memory limit while loading a model) is something users cause, so one line too
            boolean debug = System.getenv(ErrorReporter.DEBUG_ENV) != null
                    || java.util.List.of(args).contains(ErrorReporter.DEBUG_OPTION);
            if (debug) {
                e.printStackTrace();
            }
            ErrorLine line = ErrorLine.of(e);
            System.err.println(line.text());
            code = line.exitCode();
        }
        System.exit(code);
    }
}
