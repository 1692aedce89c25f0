package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.pretrain.Pretrainer;
import org.clinicalbert.workbench.train.TrainingState;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code workbench pretrain}: continued MLM + NSP pretraining, as google's run_pretraining.py. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Continue pretraining a BERT model (masked LM + next sentence, google's run_pretraining.py) "
                + "on .cbpt shards made by `workbench pretrain-data`.",
                "OUT becomes a model folder (bert_config.json, vocab.txt, model.ckpt-<step>, checkpoint) usable as "
                        + "model.path; the resumable loop state is kept in OUT/pretrain_state/."})
public final class PretrainCommand extends WorkbenchCommand {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder to start from (bert_config.json, vocab.txt, TF checkpoint)")
    Path model;

    @Option(names = "--data", required = true, split = ",", paramLabel = "PATH", description = "pretraining shards: .cbpt files or directories of them (comma-separated or repeated)")
    List<Path> data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output model folder")
    Path out;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    static final class Length {
        @Option(names = "--steps", description = "optimiser steps (num_train_steps; the data repeats as needed)")
        long steps;

        @Option(names = "--epochs", description = "passes over the data (default 1 when --steps is not given)")
        int epochs;
    }

    @Option(names = "--batch", defaultValue = "32", description = "train_batch_size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "5e-5", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--warmup-steps", defaultValue = "10000", description = "linear warm-up steps (default: ${DEFAULT-VALUE})")
    long warmupSteps;

    @Option(names = "--max-predictions", defaultValue = "20",
            description = "max_predictions_per_seq read per instance; more are truncated (default: ${DEFAULT-VALUE})")
    int maxPredictions;

    @Option(names = "--eval-data", paramLabel = "PATH", description = "held-out shard file or directory: masked-LM and next-sentence accuracy and loss")
    Path evalData;

    @Option(names = "--save-every", defaultValue = "0",
            description = "also write model.ckpt-<step> (and evaluate) every N steps; 0 = only at the end (default: ${DEFAULT-VALUE})")
    long saveEvery;

    @Option(names = "--seed", defaultValue = "12345", description = "shard order, dropout and new heads (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--resume", description = "continue the run in OUT from its last checkpoint")
    boolean resume;

    @Option(names = "--no-progress", description = "no progress bar (logs only)")
    boolean noProgress;


    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = out();
        PrintWriter err = err();
        var parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--steps")) {
            OptionBounds.atLeast(spec, "--steps", length.steps, 1);
        }
        if (parsed.hasMatchedOption("--epochs")) {
            OptionBounds.atLeast(spec, "--epochs", length.epochs, 1);
        }
        OptionBounds.atLeast(spec, "--batch", batch, 1);
        OptionBounds.positive(spec, "--lr", lr);
        OptionBounds.atLeast(spec, "--warmup-steps", warmupSteps, 0);
        OptionBounds.atLeast(spec, "--max-predictions", maxPredictions, 1);
        OptionBounds.atLeast(spec, "--save-every", saveEvery, 0);
        int epochs = length.steps > 0 ? 0 : Math.max(1, length.epochs); // neither given: one epoch
        try (TrainingProgress progress = noProgress ? null : new TrainingProgress("pretrain", System.out)) {
            Pretrainer.Settings settings = new Pretrainer.Settings(model, data, out, length.steps, epochs, batch, lr,
                    warmupSteps, maxPredictions, evalData, saveEvery, seed, resume);
            Pretrainer.Result r;
            try (var lock = org.clinicalbert.workbench.runs.RunLock.acquireBeside(out,
                    m -> err.println("note: " + m))) {
                r = Pretrainer.run(settings, progress);
            }
            TrainingState s = r.state();
            if (!s.steps.isEmpty()) {
                stdout.printf("step %d: loss %.4f%n", s.step, s.steps.get(s.steps.size() - 1).loss());
            }
            if (!s.evaluations.isEmpty()) {
                stdout.println("held-out: " + s.evaluations.get(s.evaluations.size() - 1).metrics());
            }
            stdout.println("model folder: " + out + " (" + r.checkpoint().getFileName() + ")");
            return 0;
        } finally {
            stdout.flush();
            err.flush();
        }
    }
}
