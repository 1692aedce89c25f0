package org.clinicalbert.workbench.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.clinicalbert.workbench.embed.EmbedJob;
import org.clinicalbert.workbench.embed.EmbedManifest;
import org.clinicalbert.workbench.embed.EmbedSettings;
import org.clinicalbert.workbench.embed.InputSpec;
import org.clinicalbert.workbench.embed.Pooling;
import org.clinicalbert.workbench.embed.TextEmbedder;
import org.clinicalbert.workbench.embed.TextRange;
import org.clinicalbert.workbench.embed.TextSource;
import org.clinicalbert.workbench.embed.TextSources;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.io.WorkFailedException;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.FileTrees;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The driver of {@code embed --spark}: the input's texts are cut into parts of whole {@code --buffer} groups
 * ({@link TextRange#cut}), each part is a Spark task ({@link EmbedPartTask}) that embeds its range into
 * {@code OUT/.parts/part-NNNNN/}, and the driver joins the finished parts into {@code OUT} as one local run's folder
 * ({@link EmbedJob#joinParts}), then removes {@code .parts}. The cut is recorded in {@code .parts/plan.json} with the
 * run's fingerprint, so a re-submit with {@code --resume} runs the same parts: finished ones are reused, an unfinished
 * one continues from its last group.
 *
 * <p>The driver counts the texts with the same reader the parts use ({@link TextSource}), without tokenising or
 * embedding anything: reading is cheap next to BERT, the count is what the group-aligned cut needs, and reading the
 * whole input here finds bad input (a malformed line, an empty file) before any task starts, as one error line with
 * nothing written. Each part then reads past the texts before its range, again without embedding them; a reader
 * cannot seek to a text by number (jsonl lines, CSV records and shard sentences have no fixed size), and a part that
 * starts late reads at most the input once more, which is small next to embedding its range.
 */
public final class SparkEmbed {

    static final String PLAN = "plan.json";
    private static final String JOIN = "joined";

    /** What {@code embed} was asked for; the settings unresolved, as on the command line. */
    public record Request(Path modelDir, Boolean lowerCase, String pooling, String layers, Integer maxSeqLength,
                          Integer stride, int batch, InputSpec input, Path out, int bufferTexts, Integer parts,
                          boolean resume) {
    }

    /** The joined run, its parts, and how many of them an earlier submission had finished. */
    public record Outcome(EmbedManifest manifest, int parts, int reused) {
    }

    /**
     * The cut of one run, kept until the parts are joined.
     *
     * @param seconds     wall time of the earlier submissions
     * @param submissions earlier submissions that did not finish
     * @param skipped     what the input's filter left out, found as the texts were counted (the parts each read only
     *                    up to their range's end); null for an input without a filter, or a plan written before it
     *                    was kept
     */
    record Plan(EmbedManifest.Fingerprint fingerprint, long texts, List<TextRange> ranges, double seconds,
                int submissions, EmbedManifest.Skipped skipped) {
    }

    /** The input's texts and what its filter left out on the way. */
    record Counted(long texts, EmbedManifest.Skipped skipped) {
    }

    private SparkEmbed() {
    }

    static Outcome run(String master, Request r, Consumer<String> lines, int maxFailures,
                       EmbedPartTask.PartHook hook) throws Exception {
        long started = System.nanoTime();
        if (r.bufferTexts() < 1) {
            throw new UserInputException("--buffer must be at least 1, got " + r.bufferTexts());
        }
        if (r.parts() != null && r.parts() < 1) {
            throw new UserInputException("--parts must be at least 1, got " + r.parts());
        }
        Path out = r.out().toAbsolutePath().normalize();
        Path root = out.resolve(EmbedJob.PARTS);
        // a driver stopped inside the join (matrix moved, embed.json not yet written) leaves its parts: join again
        boolean joinStopped = r.resume() && Files.isRegularFile(root.resolve(PLAN))
                && !Files.exists(out.resolve(EmbedManifest.FILE));
        if (Files.exists(out.resolve(EmbedManifest.EMBEDDINGS)) && !joinStopped) {
            throw new UserInputException(r.out() + " already holds " + EmbedManifest.EMBEDDINGS
                    + ": use another --out or delete it");
        }
        if (Files.isDirectory(out.resolve(EmbedJob.PARTIAL))) {
            throw new UserInputException(r.out() + " holds an unfinished run without --spark: continue it with "
                    + "--resume and no --spark, or delete " + out.resolve(EmbedJob.PARTIAL));
        }
        if (Files.isDirectory(root) && !r.resume()) {
            throw new UserInputException(r.out() + " holds an unfinished run cut into parts: continue it with "
                    + "--resume, or delete " + root);
        }
        ModelFolder folder = ModelFolder.open(r.modelDir().toAbsolutePath().normalize(), r.lowerCase(), null);
        EmbedSettings settings = TextEmbedder.settings(folder, Pooling.parse(r.pooling()), r.layers(),
                r.maxSeqLength(), r.stride(), r.batch());
        InputSpec input = new InputSpec(r.input().input().toAbsolutePath().normalize(), r.input().kind(),
                r.input().field(), r.input().idField(), r.input().categories());
        EmbedManifest.Fingerprint fingerprint = EmbedJob.fingerprint(folder, settings, input, r.bufferTexts());
        Plan plan = readPlan(root, fingerprint, r, lines);
        Counted counted = plan == null ? countTexts(input) : new Counted(plan.texts(), plan.skipped());
        long texts = counted.texts();

        SparkSession session = SparkSessions.open(master, "embed", maxFailures);
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
            if (plan == null) {
                int parts = r.parts() != null ? r.parts() : Math.max(1, sc.defaultParallelism());
                plan = new Plan(fingerprint, texts, TextRange.cut(texts, r.bufferTexts(), parts), 0, 0,
                        counted.skipped());
                Files.createDirectories(root);
                writePlan(root, plan);
            }
            List<EmbedPartTask> tasks = new ArrayList<>();
            for (int i = 0; i < plan.ranges().size(); i++) {
                tasks.add(new EmbedPartTask(folder.dir().toString(), folder.doLowerCase(), settings.pooling().label(),
                        settings.layers().spec(), settings.maxSeqLength(), settings.stride(), settings.batch(),
                        input.input().toString(), input.kind(), input.field(), input.idField(), input.categories(),
                        r.bufferTexts(), i, plan.ranges().size(), plan.ranges().get(i),
                        EmbedPartTask.folder(root, i).toString(), hook));
            }
            SparkTaskRunner runner = new SparkTaskRunner(sc, sc.defaultParallelism());
            List<TaskOutcome<EmbedPartTask.Result>> ended = new ArrayList<>();
            for (EmbedPartTask t : tasks) {
                runner.submit(t, null, o -> {
                    ended.add(o);
                    lines.accept(line(o));
                });
            }
            runner.awaitAll();
            List<String> failed = new ArrayList<>();
            for (EmbedPartTask t : tasks) {
                ended.stream().filter(o -> o.task() == t && !o.ok()).findFirst()
                        .ifPresent(o -> failed.add(t.describe() + ": " + o.error()));
            }
            double seconds = plan.seconds() + (System.nanoTime() - started) / 1e9;
            if (!failed.isEmpty()) {
                writePlan(root, new Plan(plan.fingerprint(), plan.texts(), plan.ranges(), seconds,
                        plan.submissions() + 1, plan.skipped()));
                throw new WorkFailedException(failed.size() + " of " + tasks.size() + " parts failed ("
                        + String.join("; ", failed) + "); the finished parts are kept in " + root
                        + ": run again with --resume to continue");
            }
            List<Path> partDirs = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                partDirs.add(EmbedPartTask.folder(root, i));
            }
            EmbedManifest m = EmbedJob.joinParts(partDirs, out, root.resolve(JOIN), fingerprint, seconds,
                    plan.submissions(), plan.skipped());
            FileTrees.deleteTree(root);
            int reused = (int) ended.stream().filter(o -> o.result().reused()).count();
            return new Outcome(m, tasks.size(), reused);
        } finally {
            session.stop();
            System.clearProperty(ThreadPolicy.TASK_THREADS_PROPERTY);
        }
    }

    private static String line(TaskOutcome<EmbedPartTask.Result> o) {
        String what = o.task().describe();
        if (!o.ok()) {
            return what + " FAILED: " + o.error();
        }
        EmbedPartTask.Result res = o.result();
        if (res.reused()) {
            return what + ": finished earlier, reused";
        }
        return String.format(Locale.ROOT, "%s: %d group(s) embedded%s in %.0f s", what, res.groups(),
                res.startedAt() > 0 ? ", continued after " + res.startedAt() + " texts" : "", o.seconds());
    }

    /** The recorded cut of an unfinished run in {@code root}, checked against this run; null: none there. */
    private static Plan readPlan(Path root, EmbedManifest.Fingerprint fingerprint, Request r, Consumer<String> lines)
            throws IOException {
        Path file = root.resolve(PLAN);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Plan plan;
        try {
            plan = Json.MAPPER.readValue(file.toFile(), Plan.class);
        } catch (IOException e) {
            throw new InputFormatException(file, null, "unreadable plan of an unfinished run (" + e.getMessage()
                    + "); delete " + root + " to start again");
        }
        if (!plan.fingerprint().equals(fingerprint)) {
            throw new UserInputException(r.out() + " holds an unfinished run with other input, model or "
                    + "settings; use another --out or delete " + root);
        }
        if (r.parts() != null && r.parts() != plan.ranges().size()) {
            lines.accept("continuing the unfinished run's " + plan.ranges().size() + " parts (--parts " + r.parts()
                    + " applies to a new run)");
        }
        return plan;
    }

    static void writePlan(Path root, Plan plan) throws IOException {
        AtomicFiles.writeBytes(root.resolve(PLAN), Json.PRETTY.writeValueAsBytes(plan));
    }

    /** The input's texts, read as a part reads them; an input without any is bad input, as for a local run. */
    static Counted countTexts(InputSpec input) throws IOException {
        long n = 0;
        EmbedManifest.Skipped skipped;
        try (TextSource source = TextSources.open(input)) {
            while (source.next() != null) {
                n++;
            }
            skipped = EmbedManifest.Skipped.of(source.skipped());
        }
        if (n == 0) {
            throw new InputFormatException(input.input(), null, "no texts to embed (the input is empty or blank)");
        }
        return new Counted(n, skipped);
    }
}
