package org.clinicalbert.workbench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareReportTest {

    private static ComparisonTable table(Path root) throws Exception {
        CompareTableTest.fixture(root);
        Map<String, String> names = new LinkedHashMap<>();
        names.put("bert-base-cased", "BERT");
        names.put("clinical-bert", "Clinical BERT");
        return new ComparisonBuilder(MetricChoice.paperDefaults(), false, names)
                .build(RunScanner.scan(List.of(root), "test"), "test");
    }

    @Test
    void writesAllFilesWithConsistentContent(@TempDir Path dir) throws Exception {
        ComparisonTable t = table(dir.resolve("results"));
        Path out = dir.resolve("out");
        List<Path> files = CompareReport.write(out, t, PaperReference.load());
        assertEquals(List.of("compare.md", "compare.csv", "compare.json", "compare.png", "compare-entity-types.csv"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left behind");
        }

        BufferedImage png = ImageIO.read(out.resolve("compare.png").toFile());
        assertNotNull(png, "compare.png is a readable image");
        assertEquals(1000, png.getWidth());
        assertEquals(550, png.getHeight());

        List<CSVRecord> csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(out.resolve("compare.csv")))).getRecords();
        assertEquals(3 * 3, csv.size(), "one line per row and task, missing cells included");
        CSVRecord cv = csv.stream().filter(r -> r.get("initialisation").equals("clinical-bert")
                && r.get("task").equals("i2b2-2006")).findFirst().orElseThrow();
        assertEquals(0.92, Double.parseDouble(cv.get("mean")));
        assertEquals(0.02, Double.parseDouble(cv.get("std")));
        assertEquals("cv", cv.get("basis"));
        assertEquals("true", cv.get("best"));
        CSVRecord bertNli = csv.stream().filter(r -> r.get("initialisation").equals("bert-base-cased")
                && r.get("task").equals("mednli")).findFirst().orElseThrow();
        assertEquals("", bertNli.get("std"));
        assertEquals("false", bertNli.get("best"));
        assertEquals(0.776, Double.parseDouble(bertNli.get("paper_value")), 1e-12);

        List<CSVRecord> types = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(out.resolve("compare-entity-types.csv")))).getRecords();
        assertEquals(3 + 2, types.size());
        assertEquals(0.6, types.stream().filter(r -> r.get("entity_type").equals("NAME")).findFirst().orElseThrow()
                .get("f1").transform(Double::parseDouble), 1e-12);

        JsonNode json = new ObjectMapper().readTree(out.resolve("compare.json").toFile());
        assertEquals("test", json.get("split").asText());
        assertEquals(0.75, json.at("/rows/0/cells/mednli/mean").asDouble());
        assertTrue(json.at("/rows/0/cells/mednli/std").isNull());
        assertTrue(json.at("/rows/1/cells/mednli/best").asBoolean());
        assertEquals(0.827, json.at("/paper/rows/Bio+Clinical BERT/mednli").asDouble(), 1e-12);
        assertTrue(json.at("/paper/citation").asText().contains("Alsentzer"));

        String md = Files.readString(out.resolve("compare.md"));
        // the paper block: our rows get their published values, the paper's other rows are listed after them
        assertTrue(md.contains("| BERT | 75.00 | — | **85.00** | 77.60 | 93.90 | 83.50 | 75.90 | 92.80 |"), md);
        assertTrue(md.contains("| Bio+Discharge Summary BERT | — | — | — | **82.70** | **94.80** | **87.80** | **78.90** | 92.70 |"), md);
        assertTrue(md.contains("arXiv:1904.03323"), md);
    }

    @Test
    void chartCopesWithNoRunsAtAll(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("results"));
        ComparisonTable t = new ComparisonBuilder(MetricChoice.paperDefaults(), false, Map.of())
                .build(RunScanner.scan(List.of(dir.resolve("results")), "test"), "test");
        List<Path> files = CompareReport.write(dir.resolve("out"), t, null);
        assertEquals(4, files.size(), "no entity-type file without NER runs");
        assertNotNull(ImageIO.read(dir.resolve("out/compare.png").toFile()));
    }

    @Test
    void paperRowsAreTheRegistryPaperNamesAndPlausible() {
        PaperReference paper = PaperReference.load();
        Path base = Path.of("").toAbsolutePath();
        ModelRegistry registry = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, base.resolve("models"), base);
        Set<String> registryNames = new HashSet<>();
        registry.names().forEach(n -> registryNames.add(registry.entry(n).paperName()));
        assertEquals(6, paper.rowNames().size());
        for (String row : paper.rowNames()) {
            assertTrue(registryNames.contains(row), row + " is a paper_name in config/models.yaml");
            for (String task : paper.tasks()) {
                double v = paper.value(row, task);
                assertTrue(v > 0.7 && v < 1.0, row + " " + task + " " + v);
            }
        }
        assertEquals(List.of("mednli", "i2b2-2006", "i2b2-2010", "i2b2-2012", "i2b2-2014"), paper.tasks());
        assertEquals("accuracy", paper.metric("mednli"));
        assertFalse(paper.citation().isBlank());
        // the study's headline: Bio+Clinical BERT beats BERT on MedNLI, 82.7 vs 77.6
        assertEquals(0.051, paper.value("Bio+Clinical BERT", "mednli") - paper.value("BERT", "mednli"), 1e-9);
    }
}
