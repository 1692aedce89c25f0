package org.clinicalbert.workbench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the user is told to fix is a {@code UserInputException}, thrown where the mistake is known; an
 * {@link IllegalArgumentException} is a broken precondition inside the code, and reaching the CLI it is reported as
 * the workbench's bug (exit 1). So the CLI never turns one into a user error: no class in {@code cli/} catches it
 * (or its {@link NumberFormatException}) or throws it, and {@code ErrorLine} maps neither to exit 2. Comments do not
 * count. (ErrorReportingTest checks the same through the command line.)
 */
class UserErrorRulesTest {

    private static final Path CLI = PackageRules.SOURCES.resolve(PackageRules.ROOT_PACKAGE.replace('.', '/'))
            .resolve("cli");
    /** The exceptions that mean "a precondition broke": IllegalArgumentException and its usual subclass. */
    private static final String PRECONDITION = "(?:java\\.lang\\.)?(?:IllegalArgumentException|NumberFormatException)";
    private static final Pattern CATCH = Pattern.compile("catch\\s*\\(([^)]*)\\)");
    private static final Pattern THROW = Pattern.compile("new\\s+" + PRECONDITION + "\\s*\\(");
    private static final Pattern INSTANCEOF = Pattern.compile("instanceof\\s+" + PRECONDITION + "\\b");

    @Test
    void theCliNeitherCatchesNorThrowsAPreconditionException() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(CLI)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                violations.addAll(cliViolations(f.getFileName().toString(), Files.readString(f)));
            }
        }
        assertTrue(Files.isRegularFile(CLI.resolve("ErrorLine.java")), "the rule reads the CLI's sources");
        assertEquals(List.of(), violations);
    }

    @Test
    void errorLineMapsNoPreconditionExceptionToBadInput() throws IOException {
        String source = Files.readString(CLI.resolve("ErrorLine.java"));
        assertEquals(List.of(), errorLineViolations(source));
    }

    @Test
    void theRulesSeeWhatTheyAreAbout() {
        // a catch that turns a precondition into a usage error, with and without other types beside it
        assertEquals(1, cliViolations("A.java", """
                try { parse(s); } catch (IllegalArgumentException e) { throw new ParameterException(cl, e.getMessage()); }
                """).size());
        assertEquals(1, cliViolations("A.java", "try { } catch (IOException | java.lang.NumberFormatException e) { }")
                .size());
        assertEquals(1, cliViolations("A.java", "throw new IllegalArgumentException(\"--parts must be at least 1\");")
                .size());
        assertEquals(List.of(), cliViolations("A.java", """
                // catch (IllegalArgumentException e) was here once
                /* throw new IllegalArgumentException("x"); */
                try { } catch (UserInputException e) { }
                """));
        // ErrorLine: a branch on IllegalArgumentException that returns exit 2 is refused, one that returns 1 is not
        assertEquals(1, errorLineViolations("""
                if (c instanceof IllegalArgumentException) {
                    return bad(message(c));
                }
                """).size());
        assertEquals(1, errorLineViolations("""
                if (c instanceof NumberFormatException) {
                    return new ErrorLine(BAD_INPUT, "error: not a number");
                }
                """).size());
        assertEquals(1, errorLineViolations("""
                return new ErrorLine(c instanceof IllegalArgumentException ? BAD_INPUT : FAILED, "error: " + m);
                """).size());
        assertEquals(List.of(), errorLineViolations("""
                if (c instanceof IllegalArgumentException || c instanceof IllegalStateException) {
                    return new ErrorLine(FAILED, "error: " + message(c) + BUG_HINT);
                }
                """));
    }

    private static List<String> cliViolations(String file, String source) {
        String code = withoutComments(source);
        List<String> out = new ArrayList<>();
        Matcher m = CATCH.matcher(code);
        while (m.find()) {
            if (Pattern.compile("\\b" + PRECONDITION + "\\b").matcher(m.group(1)).find()) {
                out.add(file + ": " + m.group().strip());
            }
        }
        Matcher t = THROW.matcher(code);
        while (t.find()) {
            out.add(file + ": " + t.group().strip());
        }
        return out;
    }

    /**
     * Every test of a precondition exception, with the code up to the end of the statement it decides (the
     * {@code return ...;} its branch gives): none may give exit 2.
     */
    private static List<String> errorLineViolations(String source) {
        String code = withoutComments(source);
        List<String> out = new ArrayList<>();
        Matcher m = INSTANCEOF.matcher(code);
        while (m.find()) {
            int start = statementStart(code, m.start());
            // in an if's condition the branch's first return decides; elsewhere the statement around the test does
            boolean branch = code.substring(start, m.start()).strip().startsWith("if");
            int end = code.indexOf(';', Math.max(branch ? code.indexOf("return", m.end()) : -1, m.end()));
            String decided = code.substring(start, end < 0 ? code.length() : end);
            if (decided.contains("BAD_INPUT") || decided.matches("(?s).*\\bbad\\(.*")) {
                out.add(decided.strip().replaceAll("\\s+", " "));
            }
        }
        return out;
    }

    /** Where the statement holding {@code at} starts (after the previous ';', '{' or '}'). */
    private static int statementStart(String code, int at) {
        int i = at;
        while (i > 0 && ";{}".indexOf(code.charAt(i - 1)) < 0) {
            i--;
        }
        return i;
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", " ");
    }
}
