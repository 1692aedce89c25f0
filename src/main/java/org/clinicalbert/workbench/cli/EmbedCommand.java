package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ProgressBar;
import org.clinicalbert.workbench.data.mimic.MimicNotesPipeline;
import org.clinicalbert.workbench.embed.EmbedJob;
import org.clinicalbert.workbench.embed.EmbedManifest;
import org.clinicalbert.workbench.embed.InputKind;
import org.clinicalbert.workbench.embed.InputSpec;
import org.clinicalbert.workbench.embed.Pooling;
import org.clinicalbert.workbench.embed.TextEmbedder;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import picocli.CommandLine;
import org.clinicalbert.workbench.io.InputFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code workbench embed --model DIR --input FILE --out DIR}: one vector per text of a corpus, streamed into a
 * NumPy matrix with ids and provenance (see {@link EmbedJob}).
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed every text of a corpus with a BERT model folder: OUT/embeddings.npy (float32 [N, H], "
                + "rows in input order, numpy.load reads it), OUT/ids.jsonl (row, id, line, word pieces, windows, "
                + "text) and OUT/embed.json (model, checkpoint hash, settings, counts, timings).",
                "Input: one text per line; jsonl (--field, --id-field); MIMIC NOTEEVENTS.csv[.gz] (one vector per "
                        + "note, ROW_ID as id); or the shards written by `mimic format` (one vector per sentence).",
                "Texts longer than --max-seq-length are cut into overlapping windows and their vectors averaged, "
                        + "weighted by tokens; never truncated. A killed run continues with --resume.",
                "With --spark MASTER the texts are cut into --parts ranges of whole --buffer groups, one Spark task "
                        + "each, written to OUT/.parts/ and joined into the same three files as without --spark "
                        + "(byte for byte). --model, --input and --out must be paths every node sees (a shared file "
                        + "system). A failed part fails the command naming it; --resume reuses the finished parts "
                        + "and continues the others."})
public final class EmbedCommand extends WorkbenchCommand {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model folder with bert_config.json, vocab.txt and a TensorFlow checkpoint")
    Path modelDir;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "text file, .jsonl, NOTEEVENTS.csv[.gz], or a `mimic format` output folder / shard")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "KIND",
            description = "lines, jsonl, noteevents or shards; auto (default): a folder is shards, .jsonl jsonl, "
                    + ".csv[.gz] NOTEEVENTS, anything else one text per line")
    String format;

    @Option(names = "--field", defaultValue = InputSpec.DEFAULT_FIELD, paramLabel = "NAME",
            description = "jsonl: the text field (default: ${DEFAULT-VALUE})")
    String field;

    @Option(names = "--id-field", paramLabel = "NAME", description = "jsonl: a field to use as id (default: the line number)")
    String idField;

    @Option(names = "--categories", split = ",", paramLabel = "CATEGORY",
            description = "NOTEEVENTS: CATEGORY values to keep, as `mimic format --categories` (default: all)")
    List<String> categories;

    @Option(names = "--discharge-only", description = "NOTEEVENTS: discharge summaries only")
    boolean dischargeOnly;

    @Option(names = "--pooling", defaultValue = "mean", paramLabel = "cls|mean|pooled",
            description = "cls: the [CLS] vector; mean (default): the average over all tokens, [CLS] and [SEP] "
                    + "included, padding excluded; pooled: the pooler output")
    String pooling;

    @Option(names = "--layers", paramLabel = "SPEC",
            description = "hidden states to average for cls/mean: -1 (default, last layer), -4..-1 (last four), "
                    + "0,6,12; 0 is the embedding output")
    String layers;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N",
            description = "windows per forward pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--max-seq-length", paramLabel = "N",
            description = "tokens per window including [CLS]/[SEP] (default: 512, or max_position_embeddings if smaller)")
    Integer maxSeqLength;

    @Option(names = "--stride", paramLabel = "N",
            description = "word pieces between the starts of a long text's windows (default: half a window)")
    Integer stride;

    @Option(names = "--buffer", defaultValue = "" + EmbedJob.DEFAULT_BUFFER_TEXTS, paramLabel = "N",
            description = "texts read, length-sorted and written per group; the unit of --resume (default: ${DEFAULT-VALUE})")
    int buffer;

    @Option(names = "--lower-case", negatable = true, description = "lower-case and strip accents (uncased "
            + "vocabularies), or --no-lower-case to keep case. Default: the model folder's casing, as encode")
    Boolean lowerCase;

    @Option(names = "--resume", description = "continue an unfinished run in OUT (same input, model and settings)")
    boolean resume;

    @Option(names = "--parts", paramLabel = "N",
            description = "with --spark: Spark tasks, each a contiguous range of whole --buffer groups (default: the "
                    + "cluster's task slots; never more than the groups)")
    Integer parts;

    @CommandLine.Mixin
    SparkOption spark = new SparkOption();


    /** Errors go to {@link ErrorReporter} as for every command: one line, exit 2 for bad input, 1 for a failed run. */
    @Override
    public Integer call() throws Exception {
        PrintWriter outw = out();
        if (dischargeOnly && categories != null) {
            throw new UserInputException("--discharge-only and --categories exclude each other");
        }
        if (parts != null && !spark.enabled()) {
            throw new UserInputException("--parts applies to --spark runs only");
        }
        if (parts != null && parts < 1) {
            throw new UserInputException("--parts must be at least 1, got " + parts);
        }
        List<String> cats = new ArrayList<>();
        if (categories != null) {
            categories.forEach(c -> cats.add(c.strip()));
        }
        if (dischargeOnly) {
            cats.add(MimicNotesPipeline.DISCHARGE_CATEGORY);
        }
        InputKind kind = format.equalsIgnoreCase("auto") ? InputKind.detect(input) : kindOf(format);
        InputSpec in = new InputSpec(input, kind, field, idField, cats);
        if (resume && !spark.enabled() && !Files.isDirectory(out.resolve(EmbedJob.PARTIAL))) {
            // --resume means the same in every command: continue what exists, and nothing to continue is a mistake
            throw new InputFormatException(out, null, Files.exists(out.resolve(EmbedManifest.FILE))
                    ? "nothing to resume: the embed run here has finished (" + EmbedManifest.FILE + "); use another "
                    + "--out or delete it" : "nothing to resume: no unfinished embed run here; start it without "
                    + "--resume");
        }
        if (spark.enabled()) {
            return onSpark(in, outw);
        }
        TextEmbedder embedder = TextEmbedder.open(ModelFolder.open(modelDir, lowerCase, null), Pooling.parse(pooling),
                layers, maxSeqLength, stride, batch);
        EmbedManifest m;
        try (ProgressBar bar = ProgressBars.bytes(ProgressBars.builder("embed").setInitialMax(1),
                ProgressBars.sizeOf(input)).continuousUpdate().build()) {
            long started = System.nanoTime();
            m = EmbedJob.run(embedder, in, out, resume, buffer, (bytes, total, texts, windowed) -> {
                bar.maxHint(Math.max(total, 1));
                bar.stepTo(bytes);
                double s = (System.nanoTime() - started) / 1e9;
                bar.setExtraMessage(String.format(Locale.ROOT, " %,d texts (%.1f/s), %,d windowed", texts,
                        texts / Math.max(s, 1e-9), windowed));
            });
        }
        summary(outw, m);
        return 0;
    }

    /**
     * The parts as Spark tasks, one line per part as it ends; the driver holds OUT's lock ({@code .OUT.lock} beside
     * it) so that a second submission cannot join the same parts.
     */
    private int onSpark(InputSpec in, PrintWriter outw) throws Exception {
        String master = spark.master();
        try (var lock = org.clinicalbert.workbench.runs.RunLock.acquireBeside(out,
                m -> err().println("note: " + m))) {
            var request = new org.clinicalbert.workbench.spark.SparkEmbed.Request(modelDir, lowerCase, pooling, layers,
                    maxSeqLength, stride, batch, in, out, buffer, parts, resume);
            var outcome = org.clinicalbert.workbench.spark.SparkJobs.embed(master, request, l -> {
                outw.println(l);
                outw.flush();
            });
            outw.printf(Locale.ROOT, "%d part(s) joined (%d finished earlier)%n", outcome.parts(), outcome.reused());
            summary(outw, outcome.manifest());
            return 0;
        }
    }

    private void summary(PrintWriter outw, EmbedManifest m) {
        EmbedManifest.Counts c = m.counts();
        outw.printf(Locale.ROOT, "embedded %,d texts -> %s [%d, %d] float32 (%s pooling, layers %s)%n", m.rows(),
                out.resolve(m.embeddingsFile()), m.rows(), m.dimension(), m.fingerprint().pooling(),
                m.fingerprint().pooling().equals("pooled") ? "-" : m.fingerprint().layers());
        outw.println(windowsLine(c, m.fingerprint().maxSeqLength(), m.fingerprint().stride()));
        if (m.skipped() != null) {
            // the notes the filter left out, as mimic format reports them (embed.json keeps the same)
            outw.printf(Locale.ROOT, "left out %,d record(s) of %s: %s%n",
                    m.skipped().counts().values().stream().mapToLong(Long::longValue).sum(),
                    m.fingerprint().input().path(), m.skipped().describe());
        }
        outw.printf(Locale.ROOT, "%.1f s, %.1f texts/s, %.0f word pieces/s%s%n", m.timings().seconds(),
                m.timings().textsPerSecond(), m.timings().wordPiecesPerSecond(),
                m.timings().resumes() > 0 ? " (over " + (m.timings().resumes() + 1) + " starts)" : "");
        outw.flush();
    }

    /**
     * How the texts became windows. The windows counted are every text's (one for a text that fits), so they are
     * told apart from the texts that were cut, which alone have more than one.
     */
    static String windowsLine(EmbedManifest.Counts c, int maxSeqLength, int stride) {
        String cut = c.windowedTexts() == 0 ? "none longer than --max-seq-length " + maxSeqLength
                : String.format(Locale.ROOT, "%,d longer than --max-seq-length %d, cut into overlapping windows "
                + "(stride %d)", c.windowedTexts(), maxSeqLength, stride);
        return String.format(Locale.ROOT, "%,d text%s in %,d window%s: %s; %,d word pieces, longest text %,d",
                c.texts(), c.texts() == 1 ? "" : "s", c.windows(), c.windows() == 1 ? "" : "s", cut, c.wordPieces(),
                c.longestText());
    }

    private static InputKind kindOf(String s) {
        String name = s.strip().toUpperCase(Locale.ROOT);
        // looked up, not valueOf's IllegalArgumentException caught: cli/ turns no such exception into a user error
        return java.util.Arrays.stream(InputKind.values()).filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserInputException("unknown --format " + s + ": expected auto, lines, jsonl, "
                        + "noteevents or shards"));
    }
}
