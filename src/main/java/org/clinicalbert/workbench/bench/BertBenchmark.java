package org.clinicalbert.workbench.bench;

import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.BertWeights;
import org.clinicalbert.workbench.model.SequenceClassifierHead;
import org.clinicalbert.workbench.runtime.ProcessMemory;
import org.clinicalbert.workbench.train.AdamWeightDecay;
import org.clinicalbert.workbench.train.Batch;
import org.clinicalbert.workbench.train.BertTaskModel;
import org.clinicalbert.workbench.train.LinearWarmupDecay;
import org.clinicalbert.workbench.train.TrainingStep;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Times the workbench's BERT on random tokens: a forward pass of the INFERENCE graph to the pooled output, or one
 * fine-tuning step as {@code workbench run} trains: the same {@link BertTaskModel} (sequence-pair classifier with
 * 3 labels, dropout 0.1) and the same {@link TrainingStep} (fresh dropout masks, gradients, accumulation over
 * micro-batches, {@link AdamWeightDecay} with global-norm clipping) under the linear warm-up/decay schedule. The
 * first {@code warmup} iterations are timed but left out of the headline (the median of the timed ones): they
 * include SameDiff's lazy set-up and the allocator settling (the first two training steps take ~1.5x a settled
 * one), which the result reports as the first step's time.
 */
public final class BertBenchmark {

    private static final Logger log = LoggerFactory.getLogger(BertBenchmark.class);
    /** run_classifier.py's MedNLI setting (entailment, contradiction, neutral). */
    static final int NUM_LABELS = 3;
    private static final long SEED = 12345;
    /** run_classifier.py's hidden and attention dropout. */
    private static final double DROPOUT = 0.1;

    private final BenchSettings settings;
    /** Times ops by type over the timed iterations when profiling, else null. */
    private final OpTimeListener profiler;

    public BertBenchmark(BenchSettings settings) {
        this(settings, false);
    }

    /** With {@code profile}, op times by type go into the result (the listener adds a little overhead). */
    public BertBenchmark(BenchSettings settings, boolean profile) {
        this.settings = settings;
        this.profiler = profile ? new OpTimeListener() : null;
    }

    public BertBenchResult run() {
        return settings.mode() == BenchMode.FORWARD ? forward() : train();
    }

    private BertBenchResult forward() {
        long t0 = System.nanoTime();
        BertGraph graph = BertGraph.build(settings.size().config(), BertGraph.Mode.INFERENCE);
        BertWeights.initialiseAll(graph, SEED);
        double build = seconds(t0);
        long buildRss = ProcessMemory.rssBytes();
        SameDiff sd = graph.sameDiff();
        attachProfiler(sd);
        Map<String, INDArray> feed = inputs(graph);
        List<Double> warmup = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < settings.warmup() + settings.iters(); i++) {
            long s = System.nanoTime();
            INDArray pooled = graph.output(feed, BertGraph.POOLED_OUTPUT).get(BertGraph.POOLED_OUTPUT);
            if (pooled.size(0) != settings.batch()) {
                throw new IllegalStateException("pooled output has shape " + java.util.Arrays.toString(pooled.shape()));
            }
            record(i, seconds(s), warmup, times);
        }
        return new BertBenchResult(settings, build, buildRss, new StepTimes(warmup, times), List.of(), List.of(),
                ProcessMemory.peakRssBytes(), heapUsed(), opSummary(), categories(times, List.of()));
    }

    private BertBenchResult train() {
        long t0 = System.nanoTime();
        // the model and step `workbench run` trains: BERT + sequence-pair classifier, dropout 0.1, TrainingStep
        BertTaskModel model = BertTaskModel.create(BertTaskModel.Kind.SEQUENCE, settings.size().config(), NUM_LABELS,
                DROPOUT, null, null, SEED);
        double build = seconds(t0);
        long buildRss = ProcessMemory.rssBytes();
        // forward and backward both run inside the gradient function (SameDiff.GRAD_FN_KEY)
        attachProfiler(model.graph().sameDiff().getFunction("grad"));

        int steps = settings.warmup() + settings.iters();
        // run_classifier.py: learning rate 2e-5, 10% warm-up, weight decay 0.01, clip 1.0
        LinearWarmupDecay schedule = LinearWarmupDecay.ofProportion(2e-5, 0.1, Math.max(steps, 10));
        TrainingStep step = new TrainingStep(model, new AdamWeightDecay(0.01, 1.0));
        Map<String, INDArray> inputs = inputs(model.graph());
        Random random = new Random(SEED);
        int[] labels = new int[settings.microBatch()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(NUM_LABELS);
        }
        inputs.put(SequenceClassifierHead.LABELS, Nd4j.createFromArray(labels));
        Batch microBatch = new Batch(inputs, settings.microBatch(), (long) settings.microBatch() * settings.seq());
        List<Batch> batch = java.util.Collections.nCopies(settings.accum(), microBatch);

        List<Double> warmup = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<BertBenchResult.StepParts> parts = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            long s = System.nanoTime();
            TrainingStep.Outcome o = step.run(batch, schedule.rate(i), SEED * 1_000_003L + i * 97L);
            record(i, seconds(s), warmup, times);
            if (i >= settings.warmup()) {
                losses.add(o.loss());
                parts.add(new BertBenchResult.StepParts(o.gradientNanos() / 1e9, o.optimizerNanos() / 1e9,
                        ProcessMemory.rssBytes()));
            }
        }
        return new BertBenchResult(settings, build, buildRss, new StepTimes(warmup, times), losses, parts,
                ProcessMemory.peakRssBytes(), heapUsed(), opSummary(), categories(times, parts));
    }

    /** Random word ids (CLS first), a sentence pair split in the middle, no padding. */
    private Map<String, INDArray> inputs(BertGraph graph) {
        BertConfig config = graph.config();
        Random random = new Random(SEED);
        int rows = settings.mode() == BenchMode.TRAIN ? settings.microBatch() : settings.batch();
        int[][] ids = new int[rows][settings.seq()];
        int[][] types = new int[rows][settings.seq()];
        int[][] mask = new int[rows][settings.seq()];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < settings.seq(); t++) {
                ids[b][t] = random.nextInt(config.vocabSize());
                types[b][t] = t < settings.seq() / 2 ? 0 : 1;
                mask[b][t] = 1;
            }
        }
        return new LinkedHashMap<>(graph.feed(Nd4j.createFromArray(ids), Nd4j.createFromArray(types),
                Nd4j.createFromArray(mask).castTo(DataType.INT32)));
    }

    private void attachProfiler(SameDiff sd) {
        if (profiler != null) {
            sd.addListeners(profiler);
        }
    }

    private Map<String, Object> opSummary() {
        return profiler == null ? Map.of() : profiler.summary(15, settings.iters());
    }

    /** The profiled (timed) iterations by category: wall time less the SameDiff ops and the optimizer is overhead. */
    private CategoryProfile categories(List<Double> times, List<BertBenchResult.StepParts> parts) {
        if (profiler == null) {
            return null;
        }
        double wall = times.stream().mapToDouble(Double::doubleValue).sum();
        double optimizer = parts.stream().mapToDouble(BertBenchResult.StepParts::optimizerSeconds).sum();
        return CategoryProfile.of(ProfileCategory.Dimensions.of(settings.size().config(), NUM_LABELS),
                profiler.times(), settings.iters(), wall, optimizer);
    }

    private void record(int i, double s, List<Double> warmup, List<Double> times) {
        boolean warm = i < settings.warmup();
        if (profiler != null && i + 1 == settings.warmup()) {
            profiler.reset();   // profile the timed iterations only
        }
        (warm ? warmup : times).add(s);
        log.info("{} {} {}: {} s", settings.stem(), warm ? "warm-up" : "iteration",
                warm ? i + 1 : i + 1 - settings.warmup(), String.format("%.3f", s));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
