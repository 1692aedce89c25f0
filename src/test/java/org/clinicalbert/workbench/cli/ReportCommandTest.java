package org.clinicalbert.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code workbench report} from the command line: the report folder replaced whole, and the mistakes that would
 * lose files refused with one line and exit 2 before anything is written.
 */
class ReportCommandTest {

    @TempDir
    Path tmp;

    private Path results() throws IOException {
        Path run = tmp.resolve("results/demo/20260101-000000");
        Files.createDirectories(run);
        Files.writeString(run.resolve("status.json"), "{\"state\": \"running\", \"kind\": \"run\"}");
        return tmp.resolve("results");
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void writesIntoResultsReportAndReplacesItWhole() throws IOException {
        Path results = results();
        CliRun r = CliRun.of("report", results.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("1 run(s), 0 sweep(s), 0 study(ies)"), r.out());
        Path report = results.resolve("report");
        Files.writeString(report.resolve("pages/stale.html"), "left from an older report");
        assertEquals(0, CliRun.of("report", results.toString()).code());
        assertEquals(List.of("", "index.html", "pages", "pages/run-demo_20260101-000000.html"), tree(report));
        try (Stream<Path> s = Files.list(results)) {
            assertEquals(List.of("demo", "report"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging folder left beside it");
        }
    }

    @Test
    void aFolderThatIsNotAReportIsNotReplaced() throws IOException {
        Path results = results();
        Path other = tmp.resolve("notes");
        Files.createDirectories(other);
        Files.writeString(other.resolve("todo.txt"), "mine");
        CliRun r = CliRun.of("report", results.toString(), "--out", other.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + other + ": is a folder without a report's index.html"), r.err());
        assertEquals(List.of("", "todo.txt"), tree(other));

        CliRun inside = CliRun.of("report", results.toString(), "--out", tmp.toString());
        assertEquals(2, inside.code());
        assertTrue(inside.err().contains("holds the results folder"), inside.err());

        CliRun missing = CliRun.of("report", tmp.resolve("nothing").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such results folder"), missing.err());
    }
}
