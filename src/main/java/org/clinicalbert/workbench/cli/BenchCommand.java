package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.bench.BenchMode;
import org.clinicalbert.workbench.bench.BenchSettings;
import org.clinicalbert.workbench.bench.BertBenchReport;
import org.clinicalbert.workbench.bench.BertBenchResult;
import org.clinicalbert.workbench.bench.BertBenchSize;
import org.clinicalbert.workbench.bench.BertBenchmark;
import org.clinicalbert.workbench.bench.EmbedBenchReport;
import org.clinicalbert.workbench.bench.EmbedBenchmark;
import org.clinicalbert.workbench.bench.MimicFormatBench;
import org.clinicalbert.workbench.bench.PretrainingInstancesBenchmark;
import org.clinicalbert.workbench.bench.StepTimes;
import org.clinicalbert.workbench.bench.ThreadSetup;
import org.clinicalbert.workbench.bench.TorchBaseline;
import org.clinicalbert.workbench.bench.TorchPython;
import org.clinicalbert.workbench.embed.EmbedJob;
import org.clinicalbert.workbench.embed.InputKind;
import org.clinicalbert.workbench.embed.InputSpec;
import org.clinicalbert.workbench.embed.Pooling;
import org.clinicalbert.workbench.embed.TextEmbedder;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.runtime.MachineFacts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code workbench bench MODE}: BERT throughput on random tokens ({@code forward}, {@code train}), optionally beside
 * PyTorch; the embed job ({@code embed}); the data pipelines on synthetic input ({@code mimic-format},
 * {@code pretrain-instances}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the workbench's BERT: 'forward' (inference, pooled output) or 'train' (one fine-tuning "
                + "step: dropout, 3-label pair classifier, gradients, AdamWeightDecay). Writes "
                + "<out>/<mode>-<size>-b<batch>-s<seq>.json and .md.",
                "'embed' times 'workbench embed' end to end on --model and --input (one text per line, jsonl or "
                        + "NOTEEVENTS, as embed reads them), records resident memory after every group of texts, and "
                        + "with --torch runs PyTorch's forward over the same batch shapes; writes "
                        + "<out>/embed-<model>-b<batch>-n<texts>.json and .md.",
                "'mimic-format' times 'workbench mimic format' (all categories, one formatting thread) on synthetic "
                        + "NOTEEVENTS of each --megabytes size (default 100,1024), with peak heap and resident memory; "
                        + "writes <out>/mimic-format.json and .md. 'pretrain-instances' times google's instance "
                        + "creation (default settings, one thread) on --megabytes of synthetic text (default 4), and "
                        + "writing and reading the shards; writes <out>/pretrain-instances.json and .md.",
                "Threads: ND4J's pool and OpenMP are sized from OMP_NUM_THREADS when ND4J loads, so run as "
                        + "'OMP_NUM_THREADS=2 ./workbench bench ... --threads 2'; --threads sets the BLAS and master-thread "
                        + "counts and the torch baseline's threads, and the command warns when the pool differs."})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODE", converter = ModeConverter.class,
            description = "forward, train, embed, mimic-format or pretrain-instances.")
    BenchMode mode;

    @Option(names = "--size", defaultValue = "base", description = "base or tiny (default: ${DEFAULT-VALUE}).")
    BertBenchSize size;

    @Option(names = "--batch", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--accum", defaultValue = "1",
            description = "train: split each step's batch into this many micro-batches (gradient accumulation; "
                    + "the torch baseline runs the whole batch at once). Default: ${DEFAULT-VALUE}.")
    int accum;

    @Option(names = "--seq", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int seq;

    @Option(names = "--iters", defaultValue = "3", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--warmup", description = "Iterations run first and left out of the median (their times are kept; "
            + "the first is reported as the first step). Default: 2 for train (the allocator settles over the first "
            + "two steps), 1 for forward.")
    Integer warmup;

    @Option(names = "--threads", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--torch", description = "Also run tools/bench/torch_bert_bench.py (the same model and step in "
            + "PyTorch) and report the ratio of the medians.")
    boolean torch;

    @Option(names = "--python", paramLabel = "FILE", converter = InputPath.File.class, description = "--torch: the Python with torch, e.g. VENV/bin/python of a venv made with "
            + "'python3 -m venv VENV && VENV/bin/pip install torch' (default: $" + TorchPython.ENV + ", else the first "
            + "of /usr/bin/python3 and python3 on PATH that imports torch).")
    Path python;

    @Option(names = "--profile", description = "Also record op time by op type, and (train, forward) the step grouped "
            + "into products, attention, LayerNorm, GELU, ..., framework overhead; with --torch, torch.profiler's "
            + "on the same step, side by side in the .md.")
    boolean profile;

    @Option(names = "--torch-script", defaultValue = "tools/bench/torch_bert_bench.py", hidden = true,
            description = "the PyTorch side of --torch (default: ${DEFAULT-VALUE}).")
    Path torchScript;

    @Option(names = "--model", paramLabel = "DIR", converter = InputPath.Folder.class, description = "embed: the model folder to embed with.")
    Path model;

    @Option(names = "--input", paramLabel = "FILE", converter = InputPath.File.class, description = "embed: the texts (format detected as by 'workbench embed').")
    Path input;

    @Option(names = "--pooling", defaultValue = "mean", description = "embed: cls, mean or pooled (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--max-seq-length", description = "embed: window length (default: as 'workbench embed').")
    Integer maxSeqLength;

    @Option(names = "--buffer", defaultValue = "" + EmbedJob.DEFAULT_BUFFER_TEXTS,
            description = "embed: texts per group (default: ${DEFAULT-VALUE}).")
    int buffer;

    @Option(names = "--megabytes", paramLabel = "MB", split = ",",
            description = "mimic-format: the synthetic NOTEEVENTS' sizes in MiB, run in turn (default: 100,1024); "
                    + "pretrain-instances: the synthetic text's size (default: 4).")
    List<Double> megabytes;

    @Option(names = "--out", defaultValue = "results/bench", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionBounds.atLeast(spec, "--batch", batch, 1);
        OptionBounds.atLeast(spec, "--accum", accum, 1);
        OptionBounds.atLeast(spec, "--seq", seq, 1);
        OptionBounds.atLeast(spec, "--iters", iters, 1);
        if (warmup != null) {
            OptionBounds.atLeast(spec, "--warmup", warmup, 0);
        }
        OptionBounds.atLeast(spec, "--threads", threads, 1);
        OptionBounds.atLeast(spec, "--buffer", buffer, 1);
        if (maxSeqLength != null) {
            OptionBounds.atLeast(spec, "--max-seq-length", maxSeqLength, 1);
        }
        if (megabytes != null) {
            for (double mb : megabytes) {
                OptionBounds.positive(spec, "--megabytes", mb);
            }
        }
        try {
            Pooling.parse(pooling);
        } catch (UserInputException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pooling: " + e.getMessage());
        }
        if (Files.isRegularFile(out)) {
            throw new java.nio.file.FileAlreadyExistsException(out.toString());
        }
        switch (mode) {
            case EMBED -> {
                return embed(o, err);
            }
            case MIMIC_FORMAT -> {
                return mimicFormat(o);
            }
            case PRETRAIN_INSTANCES -> {
                return pretrainInstances(o);
            }
            default -> {
                // forward, train below
            }
        }
        BenchSettings settings;
        try {
            settings = new BenchSettings(mode, size, batch, seq, iters,
                    warmup != null ? warmup : mode == BenchMode.TRAIN ? 2 : 1, threads, accum);
        } catch (UserInputException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        TorchPython interpreter = torch ? TorchPython.resolve(python, System.getenv()) : null;
        double load = MachineFacts.currentLoadAverage();
        Map<String, Object> effective = ThreadSetup.apply(threads);
        o.println("threads in effect: " + effective);
        Object pool = effective.get("nd4j_max_threads");
        if (!Integer.toString(threads).equals(String.valueOf(pool))) {
            err.println("bench: warning: ND4J's thread pool has " + pool + " threads, not " + threads + ": it is sized "
                    + "from OMP_NUM_THREADS when ND4J loads (setMaxThreads has no effect in M2.1); rerun as "
                    + "OMP_NUM_THREADS=" + threads + " ./workbench bench ...");
        }
        if (load > MachineFacts.BUSY_LOAD) {
            err.println(String.format(Locale.ROOT, "bench: warning: load average %.2f at start: the CPU is shared, "
                    + "figures will be noisy", load));
        }
        Map<String, Object> machine = MachineFacts.capture().toMap();
        // torch first: the JVM keeps the native memory of a BERT-base step resident afterwards (glibc settings of
        // ./workbench), which the baseline should neither compete with nor share the machine's RAM with
        TorchBaseline.Outcome baseline = torch ? torchBaseline(interpreter, settings, o, err) : null;
        o.println("running " + settings.stem() + " (" + settings.warmup() + " warm-up + " + iters + " timed) ...");
        o.flush();
        BertBenchResult result = new BertBenchmark(settings, profile).run();
        o.println("workbench: " + steps(result.times(), settings.tokensPerIter(), result.peakRssBytes()));
        BertBenchReport report = new BertBenchReport(settings, machine, load, result, baseline);
        if (!Double.isNaN(report.ratio())) {
            o.println(String.format(Locale.ROOT, "ratio workbench/torch (median tokens/s): %.2f (best %.2f)",
                    report.ratio(), report.bestRatio()));
        }
        Path json = report.write(out);
        o.println("wrote " + json + " and " + json.resolveSibling(settings.stem() + ".md"));
        return 0;
    }

    private TorchBaseline.Outcome torchBaseline(TorchPython interpreter, BenchSettings settings, PrintWriter o,
                                                PrintWriter err) throws InterruptedException {
        if (!interpreter.found()) {
            return skipped(interpreter, err);
        }
        o.println("running the PyTorch baseline (" + interpreter.path() + ", " + interpreter.source() + ") ...");
        o.flush();
        TorchBaseline.Outcome baseline = new TorchBaseline(interpreter.path(), torchScript, 60).run(settings, profile);
        if (baseline.ran()) {
            o.println("torch " + baseline.torchVersion() + ": " + steps(baseline.stepTimes(), settings.tokensPerIter(),
                    baseline.result().path("peak_rss_bytes").asLong(-1)));
        } else {
            err.println("bench: " + baseline.note());
        }
        return baseline;
    }

    /** No interpreter with torch was found (none was named): the run goes on without the baseline. */
    private static TorchBaseline.Outcome skipped(TorchPython interpreter, PrintWriter err) {
        err.println("bench: " + interpreter.source());
        return new TorchBaseline.Outcome(null, interpreter.source());
    }

    /** One side's console line: the median (headline), best, first step, peak resident memory. */
    private static String steps(StepTimes t, long tokensPerIter, long peakRssBytes) {
        return String.format(Locale.ROOT, "median %.3f s/iter (%.1f tokens/s), best %.3f s, first step %.3f s "
                        + "(%.2fx the median), times %s, peak RSS %.2f GB", t.median(), tokensPerIter / t.median(),
                t.best(), t.first(), t.firstOverMedian(), t.timed(), peakRssBytes / 1e9);
    }

    private int mimicFormat(PrintWriter o) throws Exception {
        List<Double> sizes = megabytes != null ? megabytes : List.of(100.0, 1024.0);
        String command = "workbench bench " + mode.label() + " --megabytes " + sizes.stream()
                .map(BenchCommand::plain).collect(Collectors.joining(",")) + " --out " + out;
        o.println("running " + command + " ...");
        o.flush();
        Path json = MimicFormatBench.run(sizes, out, command, line -> {
            o.println(line);
            o.flush();
        });
        o.println("wrote " + json + " and " + json.resolveSibling(MimicFormatBench.STEM + ".md"));
        return 0;
    }

    private int pretrainInstances(PrintWriter o) throws Exception {
        if (megabytes != null && megabytes.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--megabytes: pretrain-instances takes one size, got " + megabytes.size());
        }
        double size = megabytes != null ? megabytes.get(0) : 4;
        o.println("running pretrain-instances on " + plain(size) + " MiB of synthetic text ...");
        o.flush();
        Map<String, Object> r = PretrainingInstancesBenchmark.run(out, size);
        o.println(String.format(Locale.ROOT, "%d instances, created at %.0f instances/s (median of %s passes), "
                + "%.0f instances/s end to end", (long) r.get("instances"), (double) r.get("create_instances_per_s"),
                r.get("passes"), (double) r.get("end_to_end_instances_per_s")));
        Path json = out.resolve(PretrainingInstancesBenchmark.STEM + ".json");
        o.println("wrote " + json + " and " + json.resolveSibling(PretrainingInstancesBenchmark.STEM + ".md"));
        return 0;
    }

    /** A size as the user would write it: 4, not 4.0. */
    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A mode by its label ({@code mimic-format}); picocli's enum conversion would want {@code MIMIC_FORMAT}. */
    static final class ModeConverter implements CommandLine.ITypeConverter<BenchMode> {
        @Override
        public BenchMode convert(String value) {
            try {
                return BenchMode.parse(value);
            } catch (org.clinicalbert.workbench.io.UserInputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private int embed(PrintWriter o, PrintWriter err) throws Exception {
        if (model == null || input == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bench embed needs --model and --input");
        }
        double load = MachineFacts.currentLoadAverage();
        Map<String, Object> effective = ThreadSetup.apply(threads);
        o.println("threads in effect: " + effective);
        if (load > MachineFacts.BUSY_LOAD) {
            err.println(String.format(Locale.ROOT, "bench: warning: load average %.2f at start: the CPU is shared, "
                    + "figures will be noisy", load));
        }
        Map<String, Object> machine = MachineFacts.capture().toMap();
        InputSpec in = new InputSpec(input, InputKind.detect(input), InputSpec.DEFAULT_FIELD, null, List.of());
        TextEmbedder embedder = TextEmbedder.open(ModelFolder.open(model), Pooling.parse(pooling), null,
                maxSeqLength, null, batch);
        EmbedBenchmark bench = new EmbedBenchmark(embedder, in, buffer);
        List<TextEmbedder.BatchShape> shapes = bench.shapes();
        TorchBaseline.Outcome baseline = null;
        TorchPython interpreter = torch ? TorchPython.resolve(python, System.getenv()) : null;
        if (torch && !interpreter.found()) {
            baseline = skipped(interpreter, err);
        } else if (torch) {
            Path shapesFile = Files.createTempFile("embed-shapes", ".json");
            try {
                EmbedBenchmark.writeShapes(shapes, shapesFile);
                o.println("running the PyTorch baseline over " + shapes.size() + " batches ...");
                o.flush();
                TorchBaseline t = new TorchBaseline(interpreter.path(), EmbedBenchmark.TORCH_SCRIPT, 600);
                baseline = t.run(t.command(EmbedBenchmark.torchArguments(embedder.folder().config(), shapesFile,
                        threads, embedder.settings().pooling().label())), threads);
            } finally {
                Files.deleteIfExists(shapesFile);
            }
            if (baseline.ran()) {
                o.println(String.format(Locale.ROOT, "torch %s: %.1f s, %.0f tokens/s, peak RSS %.2f GB",
                        baseline.torchVersion(), baseline.result().get("seconds").asDouble(), baseline.result().get("tokens_per_s").asDouble(),
                        baseline.result().path("peak_rss_bytes").asDouble(Double.NaN) / 1e9));
            } else {
                err.println("bench: " + baseline.note());
            }
        }
        o.println("running workbench embed over " + input + " ...");
        o.flush();
        EmbedBenchmark.Result r = bench.run(shapes);
        EmbedBenchReport report = new EmbedBenchReport(model, input, embedder.settings(), threads, machine, load, r,
                baseline);
        long[] flat = report.rssAtTenthAndEnd();
        o.println(String.format(Locale.ROOT, "workbench: %d texts in %.1f s, %.1f texts/s, %.0f tokens/s; RSS %.2f GB "
                        + "at 10%% of the texts, %.2f GB at the end, peak %.2f GB", r.texts(), r.seconds(),
                r.textsPerSecond(), r.tokensPerSecond(), flat[0] / 1e9, flat[1] / 1e9, r.peakRssBytes() / 1e9));
        if (!Double.isNaN(report.ratio())) {
            o.println(String.format(Locale.ROOT, "ratio workbench/torch (tokens/s): %.2f", report.ratio()));
        }
        Path json = report.write(out);
        o.println("wrote " + json + " and " + json.resolveSibling(report.stem() + ".md"));
        return 0;
    }
}
