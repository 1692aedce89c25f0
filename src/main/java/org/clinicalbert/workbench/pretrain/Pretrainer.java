package org.clinicalbert.workbench.pretrain;

import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.modelfolder.Casing;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ThreadPolicy;

import org.clinicalbert.workbench.checkpoint.TfCheckpointWriter;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.provenance.Provenance;
import org.clinicalbert.workbench.train.TrainingLoop;
import org.clinicalbert.workbench.train.PretrainingBatches;
import org.clinicalbert.workbench.train.PretrainingEvaluator;
import org.clinicalbert.workbench.train.PretrainingModel;
import org.clinicalbert.workbench.train.TrainOptions;
import org.clinicalbert.workbench.train.TrainingListener;
import org.clinicalbert.workbench.train.TrainingState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Continued MLM + NSP pretraining (google's run_pretraining.py) from a model folder on {@code .cbpt} shards,
 * with the training loop's optimiser (AdamWeightDecay, weight decay 0.01, clipping at 1.0), warm-up and
 * linear decay, and resumable state. The result is written as a google-style model folder (bert_config.json,
 * vocab.txt, {@code model.ckpt-<step>} with body and {@code cls/} heads, a {@code checkpoint} state file), so it
 * can be used as {@code model.path} or pretrained further.
 */
public final class Pretrainer {

    private static final Logger log = LoggerFactory.getLogger(Pretrainer.class);
    /** The loop's resumable state, inside the output folder. */
    static final String STATE_DIR = "pretrain_state";
    /** Written beside the loop's state when the run has trained to its end: what --resume refuses to continue. */
    static final String FINISHED = "finished.json";
    private static final double WEIGHT_DECAY = 0.01;
    private static final double MAX_GRAD_NORM = 1.0;

    /**
     * @param steps      optimiser steps (0: use {@code epochs} passes over the data instead)
     * @param saveEvery  also write the model folder's checkpoint (and evaluate) every N steps; 0 = only at the end
     * @param evalData   held-out shards (file or directory), or null for no evaluation
     */
    public record Settings(Path model, List<Path> data, Path out, long steps, int epochs, int batchSize,
                           double learningRate, long warmupSteps, int maxPredictions, Path evalData,
                           long saveEvery, long seed, boolean resume) {
        public Settings {
            data = List.copyOf(data);
            if (steps < 0 || (steps == 0 && epochs < 1)) {
                throw new UserInputException("give a positive number of steps or epochs");
            }
            if (batchSize < 1 || maxPredictions < 1 || warmupSteps < 0 || saveEvery < 0 || !(learningRate > 0)) {
                throw new UserInputException("batch, max predictions and learning rate must be positive, "
                        + "warm-up steps and save-every not negative");
            }
        }
    }

    /** What the run did: the loop's state and the checkpoint prefix written last. */
    public record Result(TrainingState state, Path checkpoint) {
    }

    private Pretrainer() {
    }

    public static Result run(Settings s, TrainingListener listener) throws IOException {
        ModelFolder folder = ModelFolder.open(s.model());
        BertConfig config = folder.config();
        Path stateFile = s.out().resolve(STATE_DIR).resolve("train_state.bin");
        Path finishedFile = stateFile.resolveSibling(FINISHED);
        if (s.resume() && Files.exists(finishedFile)) {
            // as run --resume: a finished run has nothing left to continue
            throw new org.clinicalbert.workbench.io.InputFormatException(s.out(), null, "nothing to resume: the "
                    + "pretraining run here has finished (" + finishedFile + "); choose another --out, or give "
                    + "this folder as --model to train on from it");
        }
        if (!s.resume() && Files.exists(stateFile)) {
            throw new org.clinicalbert.workbench.io.InputFormatException(s.out(), null, "holds an unfinished or "
                    + "finished pretraining run (" + stateFile + "): pass --resume to continue it, or choose another --out");
        }
        if (s.resume() && !Files.exists(stateFile)) {
            // --resume means the same in every command: continue what exists, and nothing to continue is a mistake
            throw new org.clinicalbert.workbench.io.InputFormatException(s.out(), null, "nothing to resume: no "
                    + "pretraining run has saved its state here (" + stateFile + "); start it without --resume");
        }
        // every input is checked before the (possibly large) weights are read and the graph built
        List<Path> shards = PretrainingBatches.shardFiles(s.data());
        List<Path> evalShards = s.evalData() == null ? List.of() : PretrainingBatches.shardFiles(List.of(s.evalData()));
        for (Path shard : concat(shards, evalShards)) {
            org.clinicalbert.workbench.data.pretrain.PretrainingDataGenerator.requireVocabulary(shard,
                    folder.tokenizer().vocab(), folder.dir().resolve("vocab.txt"));
        }
        try (PretrainingBatches train = PretrainingBatches.open(shards, config.vocabSize(),
                config.maxPositionEmbeddings(), s.batchSize(), s.maxPredictions(), s.seed(), s.steps());
             PretrainingBatches held = evalShards.isEmpty() ? null : PretrainingBatches.open(evalShards,
                     config.vocabSize(), config.maxPositionEmbeddings(), s.batchSize(), s.maxPredictions(), s.seed(), 0)) {
            long totalSteps = s.steps() > 0 ? s.steps()
                    : s.epochs() * (long) train.batches(0).size();
            if (s.warmupSteps() >= totalSteps) {
                throw new UserInputException("warm-up of " + s.warmupSteps() + " steps is not shorter than the "
                        + totalSteps + " training steps: lower --warmup-steps");
            }
            log.info("pretraining on {} instances in {} shard(s): {} steps of {}", train.instances(), shards.size(),
                    totalSteps, s.batchSize());

            ThreadPolicy.apply(config);
            Path modelPrefix = folder.checkpointPrefix();
            PretrainingModel model = PretrainingModel.create(config, folder.readWeights(), modelPrefix, s.seed());
            Files.createDirectories(stateFile.getParent());
            checkSameRun(stateFile.resolveSibling("settings.json"), s, shards);
            List<Path> read = new java.util.ArrayList<>(shards);
            read.addAll(evalShards);
            FolderWriter writer = new FolderWriter(folder, s.out(), model, Provenance.start("pretrain", s.toString(),
                    s.seed(), null, folder.doLowerCase(), modelPrefix, folder.weightsSource(), read, Path.of("")));
            TrainOptions options = new TrainOptions(s.steps() > 0 ? 1 : s.epochs(), 1, s.learningRate(),
                    s.warmupSteps(), WEIGHT_DECAY, MAX_GRAD_NORM, s.seed(), (int) s.saveEvery(), (int) s.saveEvery(), 0);
            TrainingListener inner = listener == null ? new TrainingListener() { } : listener;
            TrainingListener saving = new TrainingListener() {
                @Override
                public void onStart(long total, long completed) {
                    inner.onStart(total, completed);
                }

                @Override
                public void onStep(long step, int epoch, double loss, double lr, double norm, long tokens) {
                    inner.onStep(step, epoch, loss, lr, norm, tokens);
                }

                @Override
                public void onEvaluation(long step, int epoch, Map<String, Double> metrics, boolean best) {
                    inner.onEvaluation(step, epoch, metrics, best);
                }

                @Override
                public void onCheckpoint(long step) {
                    // the loop also checkpoints on a timer and at epoch ends; the model folder follows --save-every
                    if (s.saveEvery() > 0 && step % s.saveEvery() == 0) {
                        writer.write(step);
                    }
                    inner.onCheckpoint(step);
                }
            };
            TrainingLoop tuner = new TrainingLoop(model, options, stateFile, stateFile.resolveSibling("best.bin"),
                    held == null ? null : new PretrainingEvaluator(evalShards, s.batchSize(), s.maxPredictions()),
                    saving);
            TrainingState state = tuner.run(train, s.resume());
            Path prefix = writer.write(state.step);
            AtomicFiles.writeString(finishedFile, "{\"step\": " + state.step + "}\n");
            return new Result(state, prefix);
        }
    }

    /**
     * Records what determines the run's weights at its start; a resume with other values (steps, batch, data, ...)
     * would silently continue another run's schedule and data order, so it is refused.
     */
    private static void checkSameRun(Path file, Settings s, List<Path> shards) throws IOException {
        ObjectMapper json = Json.PRETTY;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("model", s.model().toAbsolutePath().normalize().toString());
        run.put("data", shards.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
        run.put("steps", s.steps());
        run.put("epochs", s.epochs());
        run.put("batch", s.batchSize());
        run.put("learning_rate", s.learningRate());
        run.put("warmup_steps", s.warmupSteps());
        run.put("max_predictions", s.maxPredictions());
        run.put("seed", s.seed());
        // compared as parsed JSON on both sides, so number types agree
        JsonNode current = json.readTree(json.writeValueAsBytes(run));
        if (Files.exists(file)) {
            JsonNode started = json.readTree(file.toFile());
            if (!started.equals(current)) {
                throw new org.clinicalbert.workbench.io.InputFormatException(file, null, "cannot resume with other "
                        + "settings than the run started with: " + String.join("; ", differences(started, current))
                        + " (resume with the starting settings, or choose another --out)");
            }
        } else {
            AtomicFiles.writeBytes(file, json.writeValueAsBytes(current));
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Each key whose value differs, as {@code key VALUE at the start, VALUE now}, in the order the run records them. */
    static List<String> differences(JsonNode started, JsonNode now) {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        started.fieldNames().forEachRemaining(keys::add);
        now.fieldNames().forEachRemaining(keys::add);
        List<String> out = new java.util.ArrayList<>();
        for (String key : keys) {
            JsonNode a = started.get(key);
            JsonNode b = now.get(key);
            if (a == null || !a.equals(b)) {
                out.add(key + " " + shown(a) + " at the start, " + shown(b) + " now");
            }
        }
        return out;
    }

    private static String shown(JsonNode v) {
        if (v == null) {
            return "(none)";
        }
        String text = v.isTextual() ? v.asText() : v.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** Writes the google-style model folder: config and vocabulary copied, weights as a TF checkpoint. */
    private static final class FolderWriter {
        private final ModelFolder source;
        private final Path out;
        private final PretrainingModel model;
        private final Provenance.Recorder provenance;
        /** The loop's last save point is also the end: written once. */
        private long lastWritten = -1;

        FolderWriter(ModelFolder source, Path out, PretrainingModel model, Provenance.Recorder provenance) {
            this.source = source;
            this.out = out;
            this.model = model;
            this.provenance = provenance;
        }

        Path write(long step) {
            String name = "model.ckpt-" + step;
            Path prefix = out.resolve(name);
            if (step == lastWritten) {
                return prefix;
            }
            try {
                Files.createDirectories(out);
                // google's layout whatever the source's: the config as bert_config.json, casing kept beside it
                AtomicFiles.writeString(out.resolve(ModelFolder.TF_CONFIG), source.config().toJson());
                source.writeTokenizerFiles(out);
                Path tokenizerConfig = source.dir().resolve(Casing.TOKENIZER_CONFIG);
                if (Files.exists(tokenizerConfig)) {
                    AtomicFiles.writeBytes(out.resolve(Casing.TOKENIZER_CONFIG), Files.readAllBytes(tokenizerConfig));
                }
                TfCheckpointWriter.create().write(prefix, model.exportWeights(), step);
                // TF's CheckpointState text format, naming the newest checkpoint
                AtomicFiles.writeString(out.resolve("checkpoint"), "model_checkpoint_path: \"" + name + "\"\n"
                        + "all_model_checkpoint_paths: \"" + name + "\"\n");
                provenance.writeTo(out);
                lastWritten = step;
                log.info("wrote {}", prefix);
                return prefix;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the model folder " + out, e);
            }
        }
    }
}
