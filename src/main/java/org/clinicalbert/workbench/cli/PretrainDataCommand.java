package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ProgressBar;
import org.clinicalbert.workbench.data.pretrain.PretrainingConfig;
import org.clinicalbert.workbench.data.pretrain.PretrainingDataGenerator;
import org.clinicalbert.workbench.data.pretrain.PretrainingVocab;
import org.clinicalbert.workbench.io.InputFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/** {@code workbench pretrain-data}: google's create_pretraining_data.py, one output shard per input file. */
@Command(name = "pretrain-data", mixinStandardHelpOptions = true,
        description = {"Create BERT pretraining instances (masked LM + next sentence) exactly as google-research/bert "
                + "create_pretraining_data.py does under Python 3, one run per input file.",
                "Input: one sentence per line, a blank line between documents. Output per input NAME: NAME.cbpt "
                        + "(compact binary), NAME.tfrecord (with --tfrecord), NAME.cbpt.json (manifest). "
                        + "Finished shards are skipped when re-run with the same settings."})
public final class PretrainDataCommand implements Callable<Integer> {

    /** The tokenizer and its vocabulary words in file order. */
    public record TokenizerBinding(Function<String, List<String>> tokenize, List<String> vocabWords) {
    }

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Input text file, or a directory of them (not recursive).")
    Path input;

    @Option(names = "--vocab", required = true, paramLabel = "FILE", converter = InputPath.File.class, description = "WordPiece vocabulary file (vocab.txt).")
    Path vocab;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--tfrecord", description = "Also write TFRecord files of tf.train.Example (google's features).")
    boolean tfrecord;

    @Option(names = "--do-lower-case", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Lower-case and strip accents before WordPiece (default: ${DEFAULT-VALUE}; clinical/BioBERT vocabularies are cased).")
    boolean doLowerCase;

    @Option(names = "--max-seq-length", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int maxSeqLength;

    @Option(names = "--max-predictions-per-seq", defaultValue = "22", description = "Default: ${DEFAULT-VALUE}.")
    int maxPredictionsPerSeq;

    @Option(names = "--masked-lm-prob", defaultValue = "0.15", description = "Default: ${DEFAULT-VALUE}.")
    double maskedLmProb;

    @Option(names = "--dupe-factor", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
    int dupeFactor;

    @Option(names = "--short-seq-prob", defaultValue = "0.1", description = "Default: ${DEFAULT-VALUE}.")
    double shortSeqProb;

    @Option(names = "--seed", defaultValue = "12345", description = "random_seed, used for every input file (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--whole-word-mask", description = "do_whole_word_mask.")
    boolean wholeWordMask;

    @CommandLine.Mixin
    SparkOption spark = new SparkOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final BiFunction<Path, Boolean, TokenizerBinding> tokenizerLoader;

    public PretrainDataCommand() {
        this(PretrainDataCommand::loadFullTokenizer);
    }

    /** With another tokenizer than the workbench's FullTokenizer (tests, other vocabularies). */
    public PretrainDataCommand(BiFunction<Path, Boolean, TokenizerBinding> tokenizerLoader) {
        this.tokenizerLoader = tokenizerLoader;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter outWriter = spec.commandLine().getOut();
        OptionBounds.atLeast(spec, "--max-seq-length", maxSeqLength, 1);
        OptionBounds.atLeast(spec, "--max-predictions-per-seq", maxPredictionsPerSeq, 1);
        OptionBounds.probability(spec, "--masked-lm-prob", maskedLmProb, false);
        OptionBounds.atLeast(spec, "--dupe-factor", dupeFactor, 1);
        OptionBounds.probability(spec, "--short-seq-prob", shortSeqProb, true);
        PretrainingConfig config = new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, dupeFactor,
                shortSeqProb, seed, wholeWordMask);
        TokenizerBinding tokenizer = tokenizerLoader.apply(vocab, doLowerCase);
        PretrainingDataGenerator generator = new PretrainingDataGenerator(config,
                new PretrainingVocab(tokenizer.vocabWords()), tokenizer.tokenize(), tfrecord);
        List<Path> files = PretrainingDataGenerator.inputFiles(input);
        if (files.isEmpty()) {
            throw new InputFormatException(input, null, "no input files (plain text, one sentence per line) in this folder");
        }
        boolean fresh = !Files.exists(out);
        try (var lock = org.clinicalbert.workbench.runs.RunLock.acquireBeside(out,
                m -> spec.commandLine().getErr().println("note: " + m))) {
            return generate(outWriter, config, generator, files);
        } catch (Exception | Error e) {
            // a refused first input (an empty file, say) leaves no empty output folder behind
            if (fresh && Files.isDirectory(out)) {
                try (var left = Files.list(out)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(out);
                    }
                }
            }
            throw e;
        }
    }

    private int generate(PrintWriter outWriter, PretrainingConfig config, PretrainingDataGenerator generator,
                         List<Path> files) throws Exception {
        Files.createDirectories(out);
        if (spark.enabled()) {
            return onSpark(config, files, outWriter);
        }
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += Files.size(f);
        }
        long[] bytesBefore = {0};
        long[] instancesBefore = {0};
        long start = System.nanoTime();
        int skipped = 0;
        try (ProgressBar bar = ProgressBars.builder("pretrain-data").setInitialMax(Math.max(1, totalBytes))
                .setUnit(" MB", 1L << 20)
                .setUpdateIntervalMillis(500).build()) {
            for (Path f : files) {
                long size = Files.size(f);
                PretrainingDataGenerator.ShardResult result = generator.process(f, out, (fraction, instances) -> {
                    bar.stepTo(bytesBefore[0] + (long) (size * fraction));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long all = instancesBefore[0] + instances;
                    bar.setExtraMessage(String.format(" %s: %,d instances, %,.0f inst/s", f.getFileName(), all,
                            all / Math.max(seconds, 1e-9)));
                });
                if (result.skipped()) {
                    skipped++;
                } else {
                    instancesBefore[0] += result.instances();
                }
                bytesBefore[0] += size;
                bar.stepTo(bytesBefore[0]);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        outWriter.printf("%d shard(s) written, %d skipped (already complete), %,d instances in %.1f s -> %s%n",
                files.size() - skipped, skipped, instancesBefore[0], seconds, out);
        return 0;
    }

    /** One Spark task per input file, each the local path's generator with google's tokenizer: identical shards. */
    private int onSpark(PretrainingConfig config, List<Path> files, PrintWriter outWriter) throws Exception {
        long start = System.nanoTime();
        List<org.clinicalbert.workbench.spark.PretrainShardTask> tasks = new java.util.ArrayList<>();
        for (Path f : files) {
            tasks.add(new org.clinicalbert.workbench.spark.PretrainShardTask(config, vocab.toAbsolutePath().toString(),
                    doLowerCase, tfrecord, f.toAbsolutePath().toString(), out.toAbsolutePath().toString()));
        }
        var results = org.clinicalbert.workbench.spark.SparkJobs.pretrainData(spark.master(), tasks);
        long skipped = results.stream().filter(r -> r.skipped()).count();
        long instances = results.stream().filter(r -> !r.skipped()).mapToLong(r -> r.instances()).sum();
        outWriter.printf("%d shard(s) written, %d skipped (already complete), %,d instances in %.1f s -> %s%n",
                files.size() - skipped, skipped, instances, (System.nanoTime() - start) / 1e9, out);
        return 0;
    }

    /** google's FullTokenizer over {@code vocabFile}, and its words in id order for random replacements. */
    static TokenizerBinding loadFullTokenizer(Path vocabFile, Boolean lowerCase) {
        org.clinicalbert.workbench.tokenize.FullTokenizer t =
                org.clinicalbert.workbench.tokenize.FullTokenizer.fromVocabFile(vocabFile, lowerCase);
        return new TokenizerBinding(t::tokenize, t.vocab().tokens());
    }
}
