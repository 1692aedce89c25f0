package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.apache.spark.sql.SparkSession;
import org.clinicalbert.workbench.io.SkippedRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same pipeline file on Spark local[2] gives the same selection and byte-identical shards as the local path. */
class MimicSparkEquivalenceTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = org.clinicalbert.workbench.spark.SparkSessions.open("local[2]", "mimic-format", 1);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @TempDir
    Path dir;

    @Test
    void sparkSelectionAndShardsMatchTheLocalPath() throws IOException {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        MimicSynth.write(csv, 120, 5);
        Path pipeline = MimicNotesPipelineTest.PIPELINES.resolve(MimicNotesPipeline.ALL_NOTES_FILE);

        // selection alone: Spark rows -> writables -> SparkTransformExecutor vs reader -> TransformProcess.execute
        var tp = MimicNotesPipeline.load(pipeline);
        List<SelectedNote> local = new ArrayList<>();
        try (NoteEventsReader r = new NoteEventsReader(csv)) {
            r.forEachRemaining(e -> {
                var w = tp.execute(MimicNotesPipeline.toWritables(e));
                if (w != null) {
                    local.add(SelectedNote.fromWritables(w));
                }
            });
        }
        List<SelectedNote> onSpark = MimicSparkFormatter.select(
                MimicSparkFormatter.readNoteEvents(spark, csv.toString()), tp).collect();
        assertEquals(local, onSpark);

        // the whole job, sharded, with a category restriction
        Path localOut = dir.resolve("local");
        Path sparkOut = dir.resolve("spark");
        Set<String> cats = Set.of("Discharge summary", "Radiology", "Physician");
        FormatSummary a = MimicFormatJob.run(new MimicFormatJob.Request(csv, localOut, pipeline, cats, 7),
                MimicFormatJob.Progress.NONE);
        FormatSummary b = MimicSparkFormatter.run(spark, new MimicFormatJob.Request(csv, sparkOut, pipeline, cats, 7),
                2);
        assertTrue(a.shardsWritten() > 3);
        assertEquals(a.categories(), b.categories());
        assertEquals(a.skipped(), b.skipped());
        assertEquals(a.skippedAtLines(), b.skippedAtLines());
        assertTrue(a.skippedAtLines().values().stream().anyMatch(l -> l.size() == SkippedRecords.LOCATED),
                "more skipped than located for some reason: " + a.skipped());
        assertEquals(a.recordsRead(), b.recordsRead());
        Map<String, String> lt = MimicFormatJobTest.readTree(localOut);
        Map<String, String> st = MimicFormatJobTest.readTree(sparkOut);
        lt.remove(MimicFormatJob.SUMMARY);
        st.remove(MimicFormatJob.SUMMARY);
        assertEquals(lt, st);
    }

    @Test
    void handMadeCrlfSampleFormatsIdenticallyOnSpark() throws IOException {
        Path csv = NoteEventsReaderTest.sample();
        Path pipeline = MimicNotesPipelineTest.PIPELINES.resolve(MimicNotesPipeline.ALL_NOTES_FILE);
        var tp = MimicNotesPipeline.load(pipeline);
        List<SelectedNote> onSpark = MimicSparkFormatter.select(
                MimicSparkFormatter.readNoteEvents(spark, csv.toString()), tp).collect();
        assertEquals(List.of("174", "176", "177"), onSpark.stream().map(SelectedNote::rowId).toList());
        assertEquals("Sinus rhythm, rate 72. Comma, \"quoted\", fine.", onSpark.get(1).text());
        // Spark's CSV parser may normalise CRLF inside quoted TEXT; the formatted shards must not differ
        Path localOut = dir.resolve("local");
        Path sparkOut = dir.resolve("spark");
        MimicFormatJob.run(new MimicFormatJob.Request(csv, localOut, pipeline, Set.of(), 2),
                MimicFormatJob.Progress.NONE);
        MimicSparkFormatter.run(spark, new MimicFormatJob.Request(csv, sparkOut, pipeline, Set.of(), 2), 2);
        Map<String, String> lt = MimicFormatJobTest.readTree(localOut);
        Map<String, String> st = MimicFormatJobTest.readTree(sparkOut);
        lt.remove(MimicFormatJob.SUMMARY);
        st.remove(MimicFormatJob.SUMMARY);
        assertEquals(lt, st);
    }
}
