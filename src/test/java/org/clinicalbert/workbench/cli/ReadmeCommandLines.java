package org.clinicalbert.workbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command lines README.md shows, read from the README itself so that a changed README changes what
 * {@link ReadmeWorkflowsTest} must run: every line of a fenced {@code bash} block (continuation lines joined, a
 * trailing comment dropped, {@code &&} chains split into their commands), every inline code span in the prose that is
 * a command ({@code ./workbench ...}, {@code mvn ...}, {@code spark-submit ...}, a {@code tools/...sh} script, an
 * environment assignment before {@code ./workbench}), and the synopsis of every command in the Usage table.
 */
record ReadmeCommandLines(Set<String> commandLines, List<String> usageSynopses) {

    static final Path README = Path.of("README.md");

    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
    private static final Pattern COMMAND = Pattern.compile(
            "^(\\./workbench\\b|mvn |spark-submit |[A-Z_]+=\\S+ \\./workbench|tools/\\S+\\.sh\\b).*");
    private static final Pattern USAGE_ROW = Pattern.compile("^\\| `([^`]+)` \\|");

    static ReadmeCommandLines read() throws IOException {
        List<String> lines = Files.readAllLines(README);
        Set<String> commands = new LinkedHashSet<>();
        List<String> usage = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        boolean inBash = false;
        boolean inOtherFence = false;
        boolean inUsage = false;
        StringBuilder continued = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (inBash || inOtherFence) {
                    inBash = false;
                    inOtherFence = false;
                } else if (line.strip().equals("```bash")) {
                    inBash = true;
                } else {
                    inOtherFence = true;
                }
                prose.append('\n');
                continue;
            }
            if (inBash) {
                String code = stripComment(line).strip();
                if (code.endsWith("\\")) {
                    continued.append(code, 0, code.length() - 1).append(' ');
                    continue;
                }
                String whole = (continued + code).replaceAll("\\s+", " ").strip();
                continued.setLength(0);
                for (String part : whole.split(" && ")) {
                    if (!part.isBlank()) {
                        commands.add(part.strip());
                    }
                }
                continue;
            }
            if (inOtherFence) {
                continue;
            }
            if (line.startsWith("## ")) {
                inUsage = line.equals("## Usage");
            }
            Matcher row = USAGE_ROW.matcher(line);
            if (inUsage && row.find()) {
                usage.add(row.group(1).replace("\\|", "|"));
                continue;
            }
            prose.append(line).append('\n');
        }
        // inline spans may break across lines within a paragraph
        Matcher m = INLINE.matcher(prose.toString().replaceAll("(?<!\n)\n(?!\n)", " "));
        while (m.find()) {
            String span = m.group(1).replaceAll("\\s+", " ").strip();
            if (COMMAND.matcher(span).matches()) {
                commands.add(span);
            }
        }
        return new ReadmeCommandLines(commands, usage);
    }

    /** A line less its comment: a {@code #} after white space, outside quotes. */
    static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** The command a usage synopsis documents: its first word, two for a command group (mimic format). */
    static String commandOf(String synopsis) {
        String[] w = synopsis.split(" ");
        return w.length > 1 && GROUPS.contains(w[0]) ? w[0] + " " + w[1] : w[0];
    }

    static final Set<String> GROUPS = Set.of("mimic", "checkpoint", "data", "bench");
}
