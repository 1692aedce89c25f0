package org.clinicalbert.workbench.data.mimic;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.clinicalbert.workbench.io.SkippedRecords;
import org.datavec.api.transform.TransformProcess;
import org.datavec.api.writable.Text;
import org.datavec.api.writable.Writable;
import org.datavec.spark.transform.SparkTransformExecutor;
import scala.Tuple2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Spark variant of {@link MimicFormatJob}: the same pipeline file runs through DataVec's
 * {@link SparkTransformExecutor}, notes are formatted on the executors, and the driver writes the same shards in the
 * same order with the same {@link ShardedCorpusWriter} (so resuming skips writing, not formatting). Spark's
 * multi-line CSV reader replaces {@link NoteEventsReader}; DataVec's own CSV readers cannot parse multi-line fields
 * and its {@code DataFrames} helpers reject string columns, so rows become writables here.
 *
 * <p>Spark is a {@code provided} dependency: this class is only loaded when {@code --spark} is asked for (the
 * session comes from {@code spark.SparkSessions}, as for every Spark job).
 */
public final class MimicSparkFormatter {

    private MimicSparkFormatter() {
    }

    /** NOTEEVENTS as string rows; multiLine keeps quoted newlines inside TEXT, escape handles doubled quotes. */
    public static JavaRDD<List<Writable>> readNoteEvents(SparkSession spark, String path) {
        List<StructField> fields = new ArrayList<>();
        NoteEvent.COLUMNS.forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.StringType, true)));
        return spark.read()
                .option("header", "true")
                .option("multiLine", "true")
                .option("escape", "\"")
                .option("mode", "FAILFAST")
                .schema(new StructType(fields.toArray(new StructField[0])))
                .csv(path)
                .toJavaRDD()
                .map(MimicSparkFormatter::toWritables);
    }

    /** Spark gives null for an empty field where commons-csv gives "", so null becomes "". */
    static List<Writable> toWritables(Row row) {
        List<Writable> w = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            String s = row.isNullAt(i) ? "" : row.getString(i);
            w.add(new Text(s));
        }
        return w;
    }

    /**
     * Selected notes in file order, as DataVec's Spark executor returns them. A multi-line CSV file is one
     * partition, so the order of {@code collect}/{@code zipWithIndex} is the file's.
     */
    public static JavaRDD<SelectedNote> select(JavaRDD<List<Writable>> records, TransformProcess tp) {
        return SparkTransformExecutor.execute(records, tp).map(SelectedNote::fromWritables);
    }

    public static FormatSummary run(SparkSession spark, MimicFormatJob.Request r, int partitions) throws IOException {
        // reuse the local reader's header and no-notes checks so both paths reject the same bad files the same way
        try (NoteEventsReader reader = new NoteEventsReader(r.input(), r.encoding())) {
            MimicFormatJob.requireNotes(reader, r.input());
        }
        TransformProcess tp = MimicFormatJob.pipeline(r);
        ShardedCorpusWriter writer = new ShardedCorpusWriter(r.out(), MimicFormatJob.fingerprint(r, tp));
        org.clinicalbert.workbench.io.AtomicFiles.writeString(r.out().resolve(MimicFormatJob.APPLIED_PIPELINE),
                tp.toJson());

        JavaRDD<List<Writable>> raw = readNoteEvents(spark, r.input().toString());
        // exact counts need an action of their own: accumulators inside transformations over-count on re-execution
        Map<Boolean, Long> byError = raw.map(w -> "1".equals(w.get(9).toString().strip())).countByValue();
        long records = byError.values().stream().mapToLong(Long::longValue).sum();
        long errors = byError.getOrDefault(true, 0L);
        JavaRDD<SelectedNote> selected = select(raw, tp).persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Long, NoteOutcome> formatted = selected.zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .repartition(partitions)
                .mapValues(n -> NoteOutcome.format(new NoteFormatter(), n, -1))
                .sortByKey(true, partitions);
        long count = 0;
        try {
            Iterator<Tuple2<Long, NoteOutcome>> it = formatted.toLocalIterator();
            while (it.hasNext()) {
                writer.add(it.next()._2());
                count++;
            }
        } catch (IOException | RuntimeException e) {
            writer.abandon();
            throw e;
        } finally {
            selected.unpersist();
        }
        writer.finish();
        Map<String, Long> skipped = new TreeMap<>();
        if (errors > 0) {
            skipped.put(MimicFormatJob.SKIP_ISERROR, errors);
        }
        long other = records - errors - count;
        if (other > 0) {
            skipped.put(MimicFormatJob.SKIP_CATEGORY, other);
        }
        return MimicFormatJob.writeSummary(r, writer, records, count, skipped, locate(r, tp, skipped));
    }

    /**
     * The lines of the first {@link SkippedRecords#LOCATED} skipped records per reason, as the local path finds
     * them. Spark's CSV reader does not know lines, so the driver reads the file with the local reader until it has
     * found them: the counts from Spark say how many to look for, so the read stops there (usually early in the file).
     */
    static Map<String, List<Long>> locate(MimicFormatJob.Request r, TransformProcess tp, Map<String, Long> skipped)
            throws IOException {
        SkippedRecords found = new SkippedRecords();
        try (NoteEventsReader reader = new NoteEventsReader(r.input(), r.encoding())) {
            while (reader.hasNext() && !allFound(found, skipped)) {
                NoteEvent e = reader.next();
                List<Writable> kept = tp.execute(MimicNotesPipeline.toWritables(e));
                if (kept == null || kept.isEmpty()) {
                    found.add(MimicFormatJob.skipReason(e), e.line());
                }
            }
        }
        return found.firstLines();
    }

    private static boolean allFound(SkippedRecords found, Map<String, Long> skipped) {
        return skipped.entrySet().stream().allMatch(s -> found.counts().getOrDefault(s.getKey(), 0L)
                >= Math.min(s.getValue(), SkippedRecords.LOCATED));
    }
}
