package org.clinicalbert.workbench.compare;

import org.clinicalbert.workbench.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, principle 5: a run whose status.json or metrics.json cannot be read is shown as unreadable where runs
 * are listed (compare, report; status: SecondRoundMistakesTest.anUnreadableStatusFileIsListedAsUnreadableNotLeftOut),
 * never silently left out, and never stops the listing of the other runs.
 */
class UnreadableRunFilesTest {

    @TempDir
    Path dir;

    Path results;
    Path good;
    Path cutMetrics;
    Path cutStatus;

    @BeforeEach
    void runs() throws IOException {
        results = dir.resolve("results");
        good = RunFixtures.single(results.resolve("a/20260101-000000"), "mednli", "bert-base", "finished",
                "accuracy", 0.8);
        cutMetrics = RunFixtures.single(results.resolve("b/20260101-000000"), "mednli", "biobert", "finished",
                "accuracy", 0.7);
        Files.writeString(cutMetrics.resolve("metrics.json"), "{\"task\": \"mednli\", \"test\": {"); // cut short
        cutStatus = RunFixtures.single(results.resolve("c/20260101-000000"), "mednli", "clinicalbert", "finished",
                "accuracy", 0.9);
        Files.writeString(cutStatus.resolve("status.json"), "{\"state\": \"fini"); // cut short
    }

    @Test
    void compareListsEachUnreadableRunAndComparesTheRest() {
        CliRun r = CliRun.of("compare", results.toString(), "--out", dir.resolve("compare").toString());
        assertEquals(0, r.code(), r.err());
        List<String> unreadable = r.out().lines().filter(l -> l.startsWith("unreadable: ")).toList();
        assertEquals(2, unreadable.size(), r.out());
        assertTrue(unreadable.get(0).startsWith("unreadable: " + cutMetrics.resolve("metrics.json") + " (line 1"),
                unreadable.get(0));
        assertTrue(unreadable.get(0).endsWith("(left out of the table)"), unreadable.get(0));
        assertEquals("unreadable: " + cutStatus.resolve("status.json") + ": not a readable status (cut short, being "
                + "rewritten, or damaged): cannot tell whether the run finished (left out of the table)",
                unreadable.get(1));
        assertTrue(r.out().contains("1 finished run(s)"), r.out());
    }

    @Test
    void compareWithOnlyUnreadableRunsSaysSoInItsError() throws IOException {
        Files.delete(good.resolve("metrics.json"));
        Files.writeString(good.resolve("status.json"), "[]");
        CliRun r = CliRun.of("compare", results.toString(), "--out", dir.resolve("compare").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("unreadable: ")).count(), r.out());
        assertTrue(r.err().strip().endsWith("; 3 run(s) unreadable"), r.err());
    }

    @Test
    void reportShowsTheUnreadableMetricsAndStatusOfARun() throws IOException {
        Path out = dir.resolve("report");
        CliRun r = CliRun.of("report", results.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String index = Files.readString(out.resolve("index.html"));
        String metricsRow = rowOf(index, "b/20260101-000000");
        assertTrue(metricsRow.contains("<td>unreadable</td><td>unreadable</td>"), metricsRow);
        String statusRow = rowOf(index, "c/20260101-000000");
        assertTrue(statusRow.contains("<td class=\"state\">unreadable</td>"), statusRow);
        assertTrue(index.contains("unreadable, left out: " + cutMetrics.resolve("metrics.json")), index);
        try (var pages = Files.list(out.resolve("pages"))) {
            Path page = pages.filter(p -> p.getFileName().toString().contains("b_20260101-000000")).findFirst()
                    .orElseThrow();
            assertTrue(Files.readString(page).contains("metrics unreadable: " + cutMetrics.resolve("metrics.json")),
                    page.toString());
        }
    }

    /** The table row of the index that links the run named {@code name}. */
    private static String rowOf(String html, String name) {
        int at = html.indexOf(">" + name + "<");
        assertTrue(at > 0, name + " not listed");
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }
}
