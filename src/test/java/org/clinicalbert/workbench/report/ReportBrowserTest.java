package org.clinicalbert.workbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report of a results folder the demo run, the demo sweep and the demo study wrote (trimmed of models and
 * checkpoints: src/test/resources/report/results), rendered in headless Chromium (Debian's chromium and
 * chromium-driver; .ci/run installs them): what a reader sees against the run folders' own files, read here
 * independently of the report code.
 */
class ReportBrowserTest {

    private static final Path FIXTURE = Path.of("src/test/resources/report/results");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path results;
    static Path index;
    static ChromeDriver browser;

    @BeforeAll
    static void render() throws IOException {
        results = tmp.resolve("results");
        copy(FIXTURE, results);
        index = ResultsReport.write(results, tmp.resolve("report")).index();
        assertTrue(Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "headless Chromium is needed: apt-get install chromium chromium-driver (.ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
        browser.manage().window().setSize(new Dimension(1100, 760));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void open(Path page) {
        browser.get(page.toUri().toString());
    }

    private static List<WebElement> rows(String table) {
        return browser.findElements(By.cssSelector("table." + table + " tbody tr"));
    }

    private static String text(WebElement row, int column) {
        return row.findElements(By.tagName("td")).get(column).getText().trim();
    }

    /** The headline score of a run as metrics.json holds it: single split or the mean over folds. */
    private static String score(Path runDir, String split) throws IOException {
        JsonNode m = JSON.readTree(runDir.resolve("metrics.json").toFile());
        String metric = m.path("task").asText().equals("mednli") ? "accuracy" : "f1";
        JsonNode s = m.path(split);
        if (s.isMissingNode()) {
            return "";
        }
        JsonNode v = m.has("folds") ? s.path(metric).path("mean") : s.path("metrics").path(metric);
        return String.format(Locale.ROOT, "%.4f", v.asDouble());
    }

    @Test
    void indexListsEveryRunWithTheScoresOfItsMetricsJson() throws IOException {
        open(index);
        List<WebElement> rows = rows("runs");
        List<Path> runDirs;
        try (Stream<Path> s = Files.walk(results)) {
            runDirs = s.filter(p -> Files.isRegularFile(p.resolve("status.json"))
                    && Files.isRegularFile(p.resolve("config.yaml"))).toList();
        }
        assertEquals(runDirs.size(), rows.size(), "one row per run folder");
        assertTrue(rows.size() >= 5, "the demo run, sweep candidates and study runs: " + rows.size());
        for (WebElement row : rows) {
            Path dir = results.resolve(text(row, 0));
            assertTrue(Files.isRegularFile(dir.resolve("status.json")), dir.toString());
            assertEquals(JSON.readTree(dir.resolve("status.json").toFile()).path("state").asText(), text(row, 3));
            if (Files.isRegularFile(dir.resolve("metrics.json"))) {
                assertEquals(score(dir, "dev"), text(row, 5), "dev score of " + dir);
                assertEquals(score(dir, "test"), text(row, 6), "test score of " + dir);
            }
        }
        assertEquals(count("sweep.json"), rows("sweeps").size(), "the demo sweep and the study's four grids");
        assertEquals(count("study.yaml"), rows("studies").size());
        assertFalse(rows("compare").isEmpty(), "compare's table");
        screenshot();
    }

    private static long count(String file) throws IOException {
        try (Stream<Path> s = Files.walk(results)) {
            return s.filter(p -> p.getFileName().toString().equals(file)).count();
        }
    }

    @Test
    void everyLinkOfEveryPageResolvesToAFileAndNothingComesFromTheNetwork() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(index));
        try (Stream<Path> s = Files.list(index.getParent().resolve("pages"))) {
            pages.addAll(s.sorted().toList());
        }
        int links = 0;
        for (Path page : pages) {
            open(page);
            @SuppressWarnings("unchecked")
            List<String> hrefs = (List<String>) ((JavascriptExecutor) browser).executeScript(
                    "return Array.from(document.querySelectorAll('a')).map(a => a.href);");
            for (String href : hrefs) {
                assertTrue(href.startsWith("file:"), page + " links to " + href);
                assertTrue(Files.exists(Path.of(URI.create(href))), page + ": " + href + " does not resolve");
                links++;
            }
            Long remote = (Long) ((JavascriptExecutor) browser).executeScript(
                    "return document.querySelectorAll('script[src], link[href], img[src^=http]').length;");
            assertEquals(0L, remote, page + " loads something from elsewhere");
            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
            assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "console of " + page);
        }
        assertTrue(links > pages.size() * 2, links + " links");
    }

    @Test
    void runPagesDrawOnePointPerRowOfStepsAndEpochs() throws IOException {
        open(index);
        List<String> runPages = new ArrayList<>();
        for (WebElement row : rows("runs")) {
            runPages.add(row.findElement(By.tagName("a")).getAttribute("href"));
        }
        int charts = 0;
        for (String href : runPages) {
            browser.get(href);
            String runName = browser.findElement(By.tagName("h1")).getText();
            for (WebElement svg : browser.findElements(By.cssSelector("svg.chart"))) {
                String title = svg.getAttribute("aria-label");
                WebElement line = svg.findElement(By.tagName("polyline"));
                int drawn = line.getAttribute("points").trim().split("\\s+").length;
                assertEquals(Integer.parseInt(line.getAttribute("data-points")), drawn);
                charts++;
                assertTrue(drawn > 0, runName + " " + title);
            }
        }
        // one run checked row for row: the demo run (not a sweep or study run) has steps.csv and epochs.csv
        Path demo;
        try (Stream<Path> s = Files.list(results.resolve("demo"))) {
            demo = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        browser.get(runPageOf("demo/" + demo.getFileName()));
        List<WebElement> lines = browser.findElements(By.cssSelector("svg.chart polyline"));
        assertEquals(2, lines.size());
        assertEquals(Files.readAllLines(demo.resolve("steps.csv")).size() - 1,
                lines.get(0).getAttribute("points").trim().split("\\s+").length, "training loss: one point a step");
        assertEquals(Files.readAllLines(demo.resolve("epochs.csv")).size() - 1,
                lines.get(1).getAttribute("points").trim().split("\\s+").length, "dev score: one point an evaluation");
        List<WebElement> scores = browser.findElements(By.cssSelector("table.scores tbody tr"));
        JsonNode dev = JSON.readTree(demo.resolve("metrics.json").toFile()).path("dev").path("metrics");
        assertEquals(dev.size(), scores.size());
        for (WebElement r : scores) {
            assertEquals(String.format(Locale.ROOT, "%.4f", dev.path(text(r, 0)).asDouble()), text(r, 1));
        }
        assertTrue(charts >= 2 * runPages.size() - 2, charts + " charts on " + runPages.size() + " run pages");
    }

    private static String runPageOf(String name) {
        open(index);
        for (WebElement row : rows("runs")) {
            if (text(row, 0).equals(name)) {
                return row.findElement(By.tagName("a")).getAttribute("href");
            }
        }
        throw new AssertionError("no row " + name);
    }

    @Test
    void sweepPageMarksTheBestCandidateAndSortsByScore() throws IOException {
        open(index);
        WebElement demoSweep = rows("sweeps").stream().filter(r -> text(r, 0).equals("sweeps/demo-grid"))
                .findFirst().orElseThrow();
        Path sweepDir = results.resolve(text(demoSweep, 0));
        browser.get(demoSweep.findElement(By.tagName("a")).getAttribute("href"));
        JsonNode sweep = JSON.readTree(sweepDir.resolve("sweep.json").toFile());
        List<WebElement> rows = rows("candidates");
        assertEquals(sweep.path("candidates").size(), rows.size());
        List<WebElement> best = browser.findElements(By.cssSelector("table.candidates tr.best"));
        assertEquals(1, best.size());
        assertEquals(sweep.path("best").path("candidate").asText(), text(best.get(0), 0));

        List<String> header = browser.findElements(By.cssSelector("table.candidates th")).stream()
                .map(WebElement::getText).toList();
        int score = header.indexOf("score");
        browser.findElements(By.cssSelector("table.candidates th")).get(score).click();
        List<Double> sorted = rows("candidates").stream().map(r -> Double.parseDouble(text(r, score))).toList();
        assertEquals(sorted.stream().sorted().toList(), sorted, "ascending after one click");
        browser.findElements(By.cssSelector("table.candidates th")).get(score).click();
        assertEquals(best.get(0).getText(), rows("candidates").get(0).getText(), "best first after a second click");
    }

    @Test
    void studyPageShowsTable2WithIntervalsAndLinksToRunsAndProvenance() throws IOException {
        open(index);
        Path studyDir = results.resolve(text(rows("studies").get(0), 0));
        browser.get(rows("studies").get(0).findElement(By.tagName("a")).getAttribute("href"));
        JsonNode cells = JSON.readTree(studyDir.resolve("study.json").toFile()).path("cells");
        List<WebElement> rows = rows("table2");
        assertEquals(cells.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode c = cells.get(i);
            WebElement r = rows.get(i);
            assertEquals(c.path("task").asText(), text(r, 0));
            assertEquals(String.format(Locale.ROOT, "%.4f", c.path("mean").asDouble()), text(r, 3));
            assertEquals(String.format(Locale.ROOT, "[%.4f, %.4f]", c.path("ci_lower").asDouble(),
                    c.path("ci_upper").asDouble()), text(r, 5));
            int runs = c.path("runs").size();
            int provenance = 0;
            for (JsonNode run : c.path("runs")) {
                provenance += run.path("provenance").size();
            }
            List<String> linkTexts = r.findElements(By.tagName("a")).stream().map(WebElement::getText).toList();
            assertEquals(runs, linkTexts.stream().filter(t -> t.startsWith("seed ")).count());
            assertEquals(provenance, linkTexts.stream().filter(t -> t.equals("provenance.json")).count());
            assertTrue(provenance > 0, "the final runs' model/provenance.json are linked");
        }
    }

    /** The README's picture of the report (target/report-screenshot.png; docs/report-screenshot.png is a copy). */
    private static void screenshot() throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "report-screenshot.png"), png);
    }
}
