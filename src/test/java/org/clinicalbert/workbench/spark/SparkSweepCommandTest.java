package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.cli.Workbench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code workbench sweep --spark local[2]} through the command line (picocli {@link Workbench}, as the launcher calls
 * it) against the local sequential runner on the same sweep: a grid over the bundled demo (tiny model, a slice of
 * the demo data) whose third candidate fails (a sequence length beyond the model's positions).
 */
class SparkSweepCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The demo experiment on the first 48 / 16 / 16 pairs of the demo data, one epoch. */
    static Path smallDemo(Path dir) throws IOException {
        Path data = dir.resolve("mednli");
        Files.createDirectories(data);
        for (String split : List.of("train", "dev", "test")) {
            Path from = Path.of("experiments/demo-data/mednli/mli_" + split + "_v1.jsonl");
            try (Stream<String> lines = Files.lines(from)) {
                Files.write(data.resolve(from.getFileName()), lines.limit(split.equals("train") ? 48 : 16).toList());
            }
        }
        Path exp = dir.resolve("small-demo.yaml");
        Files.writeString(exp, Files.readString(Path.of("experiments/demo.yaml"))
                .replace("corpus_dir: experiments/demo-data/mednli", "corpus_dir: " + data)
                .replace("epochs: 10", "epochs: 1"));
        return exp;
    }

    private static CliRun workbench(String... args) {
        return SparkResultsStoreTest.workbench(args);
    }

    @Test
    void sparkSweepMatchesTheLocalRunnerRecordsFailuresAndResumesAfterAKilledDriver() throws Exception {
        Path exp = smallDemo(dir);
        Path sweep = dir.resolve("grid.yaml");
        Files.writeString(sweep, """
                experiment: %s
                search: grid
                set:
                  train.lr: 3.0e-3
                parameters:
                  model.max_seq_length: [24, 16, 200]
                score: dev.accuracy
                """.formatted(exp));
        Path local = dir.resolve("local");
        Path onSpark = dir.resolve("spark");

        CliRun l = workbench("sweep", sweep.toString(), "--out", local.toString(), "--no-progress");
        assertEquals(1, l.code(), l.err()); // one candidate failed: exit 1, the others finished

        // a driver "killed" after the first candidate (it visits only one), then the same sweep submitted again
        CliRun first = workbench("sweep", sweep.toString(), "--out", onSpark.toString(), "--spark", "local[2]",
                "--max-candidates", "1");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("1 finished, 0 failed of 1"), first.out());
        CliRun again = workbench("sweep", sweep.toString(), "--out", onSpark.toString(), "--spark", "local[2]");
        assertEquals(1, again.code(), again.err());
        assertTrue(again.out().contains("(#1) model.max_seq_length=24: finished earlier, reused"), again.out());

        JsonNode a = JSON.readTree(local.resolve("sweep.json").toFile());
        JsonNode b = JSON.readTree(onSpark.resolve("sweep.json").toFile());
        assertEquals(3, b.get("candidates").size());
        assertEquals(2, b.get("finished").asInt());
        for (int i = 0; i < 2; i++) {
            JsonNode la = a.get("candidates").get(i);
            JsonNode sb = b.get("candidates").get(i);
            assertEquals("finished", sb.get("status").asText());
            // same seeds, same scores: every dev and test metric, not only the sweep's score
            assertEquals(la.get("score").asDouble(), sb.get("score").asDouble(), 0.0);
            assertEquals(la.get("dev"), sb.get("dev"));
            assertEquals(la.get("test"), sb.get("test"));
            // exactly one run per candidate across the two submissions
            try (Stream<Path> runs = Files.list(onSpark.resolve("candidate-" + (i + 1)))) {
                assertEquals(1, runs.filter(Files::isDirectory).count(), "candidate " + (i + 1));
            }
        }
        assertTrue(b.get("candidates").get(0).get("reused").asBoolean());
        assertFalse(b.get("candidates").get(1).get("reused").asBoolean());
        JsonNode failed = b.get("candidates").get(2);
        assertEquals("failed", failed.get("status").asText());
        assertTrue(failed.get("error").asText().contains("max_position_embeddings"), failed.toString());
        assertEquals(a.get("candidates").get(2).get("error").asText(), failed.get("error").asText());
        assertEquals(a.get("best").get("candidate"), b.get("best").get("candidate"));
        for (String f : List.of("sweep.csv", "sweep.md", "sweep.png")) {
            assertTrue(Files.exists(onSpark.resolve(f)), f);
        }
        JsonNode status = JSON.readTree(onSpark.resolve("status.json").toFile());
        assertEquals("sweep", status.get("kind").asText());
        assertEquals("failed", status.get("state").asText()); // every candidate ran; one failed
        assertEquals(3, status.get("progress").get("done").asInt());
        assertEquals(b.get("best").get("score").asDouble(), status.get("best").get("value").asDouble(), 0.0);
        assertTrue(status.get("resume").asText().contains("--spark 'local[2]'"), status.toString());
        assertFalse(Files.exists(onSpark.resolve("run.lock")), "the sweep's lock is released");
    }
}
