package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.data.pretrain.PretrainingShardReader;
import org.clinicalbert.workbench.data.pretrain.TrainingInstance;
import org.clinicalbert.workbench.model.MaskedLmHead;
import org.clinicalbert.workbench.model.NextSentenceHead;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * run_pretraining.py's evaluation on held-out shards, streamed batch by batch: masked-LM accuracy and loss
 * (weighted by masked_lm_weights, so padding predictions do not count) and next-sentence accuracy and loss,
 * over all held-out instances. The score is the masked-LM accuracy.
 */
public final class PretrainingEvaluator implements Evaluator {

    public static final String MLM_ACCURACY = "masked_lm_accuracy";
    public static final String MLM_LOSS = "masked_lm_loss";
    public static final String NSP_ACCURACY = "next_sentence_accuracy";
    public static final String NSP_LOSS = "next_sentence_loss";

    private final List<Path> shards;
    private final int batchSize;
    private final int maxPredictions;

    /** {@code shards} should have been checked by {@link PretrainingBatches#open}. */
    public PretrainingEvaluator(List<Path> shards, int batchSize, int maxPredictions) {
        this.shards = List.copyOf(shards);
        this.batchSize = batchSize;
        this.maxPredictions = maxPredictions;
    }

    @Override
    public Result evaluate(StepModel model) {
        Totals t = new Totals();
        List<TrainingInstance> pending = new ArrayList<>(batchSize);
        for (Path shard : shards) {
            try (PretrainingShardReader r = new PretrainingShardReader(shard)) {
                while (r.hasNext()) {
                    pending.add(r.next());
                    if (pending.size() == batchSize) {
                        Batch batch = PretrainingBatches.toBatch(pending, maxPredictions);
                        t.add(model.predict(batch), batch);
                        pending.clear();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + shard, e);
            }
        }
        if (!pending.isEmpty()) {
            Batch last = PretrainingBatches.toBatch(pending, maxPredictions);
            t.add(model.predict(last), last);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MLM_ACCURACY, t.mlmCorrect / Math.max(t.mlmWeight, 1e-12));
        metrics.put(MLM_LOSS, t.mlmLoss / Math.max(t.mlmWeight, 1e-12));
        metrics.put(NSP_ACCURACY, t.nspCorrect / Math.max(t.examples, 1));
        metrics.put(NSP_LOSS, t.nspLoss / Math.max(t.examples, 1));
        return new Result(metrics.get(MLM_ACCURACY), metrics);
    }

    /** Sums over the held-out set, from the logits (so that every prediction, not every batch, weighs the same). */
    private static final class Totals {
        double mlmCorrect;
        double mlmLoss;
        double mlmWeight;
        double nspCorrect;
        double nspLoss;
        long examples;

        void add(Map<String, INDArray> out, Batch batch) {
            INDArray mlmLogits = out.get(PretrainingModel.MLM_LOGITS).castTo(DataType.DOUBLE);
            int[] ids = batch.feeds().get(MaskedLmHead.LABEL_IDS).reshape(-1).toIntVector();
            float[] w = batch.feeds().get(MaskedLmHead.LABEL_WEIGHTS).reshape(-1).toFloatVector();
            for (int row = 0; row < ids.length; row++) {
                if (w[row] == 0) {
                    continue;
                }
                double[] logits = mlmLogits.getRow(row).toDoubleVector();
                mlmLoss += w[row] * negLogSoftmax(logits, ids[row]);
                mlmCorrect += w[row] * (argmax(logits) == ids[row] ? 1 : 0);
                mlmWeight += w[row];
            }
            INDArray nspLogits = out.get(PretrainingModel.NSP_LOGITS).castTo(DataType.DOUBLE);
            int[] labels = batch.feeds().get(NextSentenceHead.LABELS).toIntVector();
            for (int i = 0; i < labels.length; i++) {
                double[] logits = nspLogits.getRow(i).toDoubleVector();
                nspLoss += negLogSoftmax(logits, labels[i]);
                nspCorrect += argmax(logits) == labels[i] ? 1 : 0;
                examples++;
            }
        }
    }

    static double negLogSoftmax(double[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum) - logits[label];
    }

    /** First index of the largest value, as tf.argmax. */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
