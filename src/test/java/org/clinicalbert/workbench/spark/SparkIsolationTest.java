package org.clinicalbert.workbench.spark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Spark is a provided dependency: the local paths must load without it. Only this package and the MIMIC Spark
 * formatter name Spark's classes, and only the command classes name this package.
 */
class SparkIsolationTest {

    private static final Path MAIN = Path.of("src/main/java/org/clinicalbert/workbench");

    @Test
    void onlyTheSparkPackageAndTheMimicSparkFormatterImportSpark() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(f).toString().replace('\\', '/');
                // code only: a class name in a string (the reflective presence check) loads nothing
                String text = Files.readString(f).replaceAll("\"(?:[^\"\\\\\\n]|\\\\.)*\"", "\"\"");
                boolean spark = text.contains("org.apache.spark.");
                boolean ours = text.contains("org.clinicalbert.workbench.spark.");
                if (spark && !rel.startsWith("spark/") && !rel.equals("data/mimic/MimicSparkFormatter.java")) {
                    offenders.add(rel + " names org.apache.spark");
                }
                if (ours && !rel.startsWith("spark/") && !rel.startsWith("cli/")) {
                    offenders.add(rel + " names the spark package");
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
