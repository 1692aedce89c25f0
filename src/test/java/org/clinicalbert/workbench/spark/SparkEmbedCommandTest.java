package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.embed.EmbedJob;
import org.clinicalbert.workbench.embed.EmbedManifest;
import org.clinicalbert.workbench.embed.InputKind;
import org.clinicalbert.workbench.embed.InputSpec;
import org.clinicalbert.workbench.embed.Pooling;
import org.clinicalbert.workbench.embed.TextEmbedder;
import org.clinicalbert.workbench.embed.TextRange;
import org.clinicalbert.workbench.io.WorkFailedException;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code embed --spark local[2] --parts 3} through the command line (as the launcher calls it) against the local
 * {@code embed} of the same input: the 300 premises of the demo MedNLI training file, groups of 16 (19 groups, so
 * parts of 7, 6 and 6), max_seq_length 16 so that long premises take several windows. Then a run whose second part
 * is interrupted after two groups (one attempt allowed), re-submitted with {@code --resume}.
 */
class SparkEmbedCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TINY = "config/models/tiny-demo";
    private static final Path INPUT = Path.of("experiments/demo-data/mednli/mli_train_v1.jsonl");
    private static final List<String> SETTINGS = List.of("--model", TINY, "--input", INPUT.toString(), "--field",
            "sentence1", "--max-seq-length", "16", "--batch", "8", "--buffer", "16");

    @TempDir
    Path dir;

    private static CliRun embed(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("embed", "--out", out.toString()));
        args.addAll(SETTINGS);
        args.addAll(List.of(more));
        return SparkResultsStoreTest.workbench(args.toArray(String[]::new));
    }

    private static void sameAsLocal(Path local, Path spark) throws IOException {
        assertArrayEquals(Files.readAllBytes(local.resolve(EmbedManifest.EMBEDDINGS)),
                Files.readAllBytes(spark.resolve(EmbedManifest.EMBEDDINGS)), "embeddings.npy byte for byte");
        assertArrayEquals(Files.readAllBytes(local.resolve(EmbedManifest.IDS)),
                Files.readAllBytes(spark.resolve(EmbedManifest.IDS)), "ids.jsonl byte for byte");
        JsonNode l = JSON.readTree(local.resolve(EmbedManifest.FILE).toFile());
        JsonNode s = JSON.readTree(spark.resolve(EmbedManifest.FILE).toFile());
        assertEquals(l.get("fingerprint"), s.get("fingerprint"));
        assertEquals(l.get("counts"), s.get("counts"));
        assertEquals(l.get("skipped"), s.get("skipped"));
        assertEquals(l.get("rows"), s.get("rows"));
        assertEquals(l.get("dimension"), s.get("dimension"));
        assertFalse(Files.exists(spark.resolve(EmbedJob.PARTS)), "the parts are removed once joined");
    }

    @Test
    void partsOnSparkJoinIntoTheLocalRunsFilesAndAnInterruptedPartIsContinued() throws Exception {
        Path local = dir.resolve("local");
        CliRun l = embed(local);
        assertEquals(0, l.code(), l.err());
        JsonNode lm = JSON.readTree(local.resolve(EmbedManifest.FILE).toFile());
        assertEquals(300, lm.get("rows").asInt());
        assertTrue(lm.get("counts").get("windowedTexts").asInt() > 10, "some premises are windowed: " + lm);

        Path spark = dir.resolve("spark");
        CliRun s = embed(spark, "--spark", "local[2]", "--parts", "3");
        assertEquals(0, s.code(), s.out() + s.err());
        assertTrue(s.out().contains("part 1/3 (texts 0-111): 7 group(s) embedded"), s.out());
        assertTrue(s.out().contains("part 3/3 (texts 208-299): 6 group(s) embedded"), s.out());
        assertTrue(s.out().contains("3 part(s) joined (0 finished earlier)"), s.out());
        assertTrue(s.out().contains("embedded 300 texts"), s.out());
        sameAsLocal(local, spark);

        // bad input: one line, exit 2, before Spark starts
        CliRun zero = embed(dir.resolve("zero"), "--spark", "local[2]", "--parts", "0");
        assertEquals(2, zero.code(), zero.err());
        assertEquals(List.of("error: --parts must be at least 1, got 0"), zero.err().lines().toList());
        CliRun noSpark = embed(dir.resolve("nospark"), "--parts", "3");
        assertEquals(2, noSpark.code(), noSpark.err());
        assertTrue(noSpark.err().contains("--parts applies to --spark"), noSpark.err());
        assertFalse(Files.exists(dir.resolve("zero")) || Files.exists(dir.resolve("nospark")));

        // the second part fails after two of its six groups, with one attempt allowed: the command fails naming it
        Path resumed = dir.resolve("resumed");
        SparkEmbed.Request request = new SparkEmbed.Request(Path.of(TINY), false, "mean", null, 16, null, 8,
                new InputSpec(INPUT, InputKind.JSONL, "sentence1", null, List.of()), resumed, 16, 3, false);
        List<String> lines = new ArrayList<>();
        WorkFailedException failed = assertThrows(WorkFailedException.class, () -> SparkEmbed.run("local[2]",
                request, lines::add, 1, (part, attempt, done) -> {
                    if (part == 1 && attempt == 0 && done == 32) {
                        throw new IllegalStateException("interrupted part " + (part + 1));
                    }
                }));
        assertTrue(failed.getMessage().contains("part 2/3 (texts 112-207): interrupted part 2"), failed.getMessage());
        assertTrue(failed.getMessage().contains("--resume"), failed.getMessage());
        Path parts = resumed.resolve(EmbedJob.PARTS);
        assertTrue(Files.exists(parts.resolve("part-00000").resolve(EmbedManifest.FILE)), "finished parts are kept");
        assertTrue(Files.exists(parts.resolve("part-00002").resolve(EmbedManifest.FILE)), "finished parts are kept");
        assertEquals(32, EmbedJob.unfinishedTexts(parts.resolve("part-00001")), "two groups of the second part");
        assertFalse(Files.exists(resumed.resolve(EmbedManifest.EMBEDDINGS)));

        CliRun again = embed(resumed, "--spark", "local[2]", "--parts", "3");
        assertEquals(2, again.code(), "without --resume: " + again.err());
        assertTrue(again.err().contains("--resume"), again.err());

        CliRun r = embed(resumed, "--spark", "local[2]", "--parts", "3", "--resume");
        assertEquals(0, r.code(), r.out() + r.err());
        // finished parts are not embedded again; the interrupted one continues after its last group
        assertTrue(r.out().contains("part 1/3 (texts 0-111): finished earlier, reused"), r.out());
        assertTrue(r.out().contains("part 3/3 (texts 208-299): finished earlier, reused"), r.out());
        assertTrue(r.out().contains("part 2/3 (texts 112-207): 4 group(s) embedded, continued after 32 texts"),
                r.out());
        assertTrue(r.out().contains("3 part(s) joined (2 finished earlier)"), r.out());
        assertTrue(r.out().contains("(over 2 starts)"), r.out());
        sameAsLocal(local, resumed);
    }

    /**
     * Issue 24: the NOTEEVENTS records the filter leaves out are reported over the whole input on Spark as locally,
     * though each part reads the input only up to its range's end (the tally comes from the count before the cut).
     */
    @Test
    void notesLeftOutAreReportedOnSparkAsLocally() throws Exception {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        org.clinicalbert.workbench.data.synth.MimicSynth.write(csv, 40, 7L);
        List<String> args = List.of("--model", TINY, "--input", csv.toString(), "--categories", "Radiology,ECG",
                "--max-seq-length", "16", "--batch", "8", "--buffer", "2");
        Path local = dir.resolve("notes-local");
        List<String> l = new ArrayList<>(List.of("embed", "--out", local.toString()));
        l.addAll(args);
        CliRun lr = SparkResultsStoreTest.workbench(l.toArray(String[]::new));
        assertEquals(0, lr.code(), lr.err());
        Path spark = dir.resolve("notes-spark");
        List<String> s = new ArrayList<>(List.of("embed", "--out", spark.toString(), "--spark", "local[2]", "--parts",
                "2"));
        s.addAll(args);
        CliRun sr = SparkResultsStoreTest.workbench(s.toArray(String[]::new));
        assertEquals(0, sr.code(), sr.out() + sr.err());
        JsonNode skipped = JSON.readTree(local.resolve(EmbedManifest.FILE).toFile()).get("skipped");
        assertTrue(skipped.get("counts").get("category not selected").asLong() > 0, skipped.toString());
        sameAsLocal(local, spark);
        assertTrue(sr.out().contains("left out "), sr.out());
    }

    /**
     * A driver stopped inside the join, after moving the matrix into OUT and before writing embed.json: the parts
     * are still there, and {@code --resume} joins them again (all reused) into the local run's files.
     */
    @Test
    void aJoinStoppedHalfwayIsDoneAgainOnResume() throws Exception {
        Path dev = Path.of("experiments/demo-data/mednli/mli_dev_v1.jsonl");
        List<String> args = List.of("--model", TINY, "--input", dev.toString(), "--field", "sentence2", "--buffer",
                "16", "--max-seq-length", "16");
        Path local = dir.resolve("local");
        List<String> l = new ArrayList<>(List.of("embed", "--out", local.toString()));
        l.addAll(args);
        CliRun lr = SparkResultsStoreTest.workbench(l.toArray(String[]::new));
        assertEquals(0, lr.code(), lr.err());

        // the parts as two tasks would have left them, embedded here with the same settings
        Path out = dir.resolve("stopped");
        Path root = out.resolve(EmbedJob.PARTS);
        TextEmbedder embedder = TextEmbedder.open(ModelFolder.open(Path.of(TINY), false), Pooling.MEAN, null, 16,
                null, 32);
        InputSpec spec = new InputSpec(dev.toAbsolutePath().normalize(), InputKind.JSONL, "sentence2", null,
                List.of());
        List<TextRange> ranges = TextRange.cut(60, 16, 2);
        for (int i = 0; i < ranges.size(); i++) {
            EmbedJob.run(embedder, spec, EmbedPartTask.folder(root, i), false, 16, ranges.get(i),
                    EmbedJob.Progress.NONE);
        }
        SparkEmbed.writePlan(root, new SparkEmbed.Plan(EmbedJob.fingerprint(embedder.folder(), embedder.settings(),
                spec, 16), 60, ranges, 1.0, 0, null));
        Files.copy(local.resolve(EmbedManifest.EMBEDDINGS), out.resolve(EmbedManifest.EMBEDDINGS));

        List<String> s = new ArrayList<>(List.of("embed", "--out", out.toString(), "--spark", "local[2]"));
        s.addAll(args);
        CliRun fresh = SparkResultsStoreTest.workbench(s.toArray(String[]::new));
        assertEquals(2, fresh.code(), fresh.err());
        assertTrue(fresh.err().contains("already holds embeddings.npy"), fresh.err());
        s.add("--resume");
        CliRun r = SparkResultsStoreTest.workbench(s.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("2 part(s) joined (2 finished earlier)"), r.out());
        sameAsLocal(local, out);
    }
}
