package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every command's {@code --help} as a user reads it, rendered by picocli itself: no picocli warning (an unescaped
 * {@code %} in a description makes picocli print one and the raw text), every description paragraph a whole
 * sentence that appears in full (the command list of {@code workbench --help} shows only a command's first
 * paragraph, so a paragraph cut mid-sentence reads as a cut description), and every visible option and positional
 * parameter described.
 */
class HelpRenderingTest {

    private static final ByteArrayOutputStream WARNINGS = new ByteArrayOutputStream();
    private static PrintStream tracerStream;

    /** picocli's warnings go to its tracer's stream, fixed when picocli loads: point it at a buffer. */
    @BeforeAll
    static void captureTracer() throws ReflectiveOperationException {
        Field stream = tracerStreamField();
        tracerStream = (PrintStream) stream.get(CommandLine.tracer());
        stream.set(CommandLine.tracer(), new PrintStream(WARNINGS, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void restoreTracer() throws ReflectiveOperationException {
        tracerStreamField().set(CommandLine.tracer(), tracerStream);
    }

    private static Field tracerStreamField() throws NoSuchFieldException {
        Field stream = CommandLine.Tracer.class.getDeclaredField("stream");
        stream.setAccessible(true);
        return stream;
    }

    @Test
    void everyCommandsHelpRendersWholeAndDescribed() {
        List<String> problems = new ArrayList<>();
        List<CommandLine> all = new ArrayList<>();
        collect(Workbench.commandLine(), all);
        for (CommandLine cl : all) {
            check(cl, problems);
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void theCheckSeesAWarningACutSentenceAndAnUndescribedOption() {
        @CommandLine.Command(name = "broken", description = {"Scores 95% bootstrap intervals for each task and", "more."})
        class Broken implements Runnable {
            @CommandLine.Option(names = "--plain")
            int plain;

            @Override
            public void run() {
            }
        }
        List<String> problems = new ArrayList<>();
        check(new CommandLine(new Broken()), problems);
        String all = String.join("\n", problems);
        assertEquals(3, problems.size(), all);
        assertContains(all, "picocli warning");
        assertContains(all, "does not end a sentence: \"Scores 95% bootstrap intervals for each task and\"");
        assertContains(all, "--plain has no description");
    }

    private static void assertContains(String all, String part) {
        if (!all.contains(part)) {
            throw new AssertionError("expected <" + part + "> in:\n" + all);
        }
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    private static void check(CommandLine cl, List<String> problems) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName();
        String usage = rendered(cl);
        String warnings = WARNINGS.toString(StandardCharsets.UTF_8);
        if (!warnings.isBlank()) {
            problems.add(name + ": picocli warning while rendering --help: " + warnings.strip());
        }
        String flatUsage = flat(usage);
        for (String paragraph : spec.usageMessage().description()) {
            String shown = shown(paragraph);
            if (!endsASentence(shown)) {
                problems.add(name + ": description paragraph does not end a sentence: \"" + shown + "\"");
            }
            if (!flatUsage.contains(flat(shown))) {
                problems.add(name + ": description not shown in full in --help: \"" + shown + "\"");
            }
        }
        CommandLine parent = cl.getParent();
        String[] listed = spec.usageMessage().header().length > 0 ? spec.usageMessage().header()
                : spec.usageMessage().description();
        if (parent != null && listed.length > 0) {
            String summary = shown(listed[0]);
            if (!flat(rendered(parent)).contains(flat(summary))) {
                problems.add(name + ": first description paragraph not shown in full in "
                        + parent.getCommandSpec().qualifiedName() + " --help");
            }
        } else if (spec.usageMessage().description().length == 0 && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
            problems.add(name + ": no description");
        }
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec arg : args) {
            if (arg.hidden()) {
                continue;
            }
            String text = String.join(" ", arg.description()).strip();
            if (text.isEmpty()) {
                problems.add(name + " " + label(arg) + " has no description");
            }
        }
    }

    /** The usage text, picocli's warnings while rendering it collected in {@link #WARNINGS}. */
    private static String rendered(CommandLine cl) {
        WARNINGS.reset();
        PrintStream err = System.err;
        // depending on the path, picocli warns through its tracer or straight to System.err
        System.setErr(new PrintStream(WARNINGS, true, StandardCharsets.UTF_8));
        try {
            return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        } finally {
            System.setErr(err);
        }
    }

    private static String label(ArgSpec arg) {
        return arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    /** The paragraph as picocli shows it: {@code %%} is one percent sign. */
    private static String shown(String paragraph) {
        return paragraph.replace("%%", "%").replace("%n", " ");
    }

    private static boolean endsASentence(String paragraph) {
        String t = paragraph.strip();
        return t.endsWith(".") || t.endsWith("?") || t.endsWith("!");
    }

    /**
     * Wrapping and indentation apart: the characters in order without white space (picocli also breaks lines after
     * punctuation inside a word, "metrics.json" as "metrics." and "json").
     */
    private static String flat(String s) {
        return s.replaceAll("\\s+", "");
    }
}
