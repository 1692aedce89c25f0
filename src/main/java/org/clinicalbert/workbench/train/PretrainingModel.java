package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.BertWeights;
import org.clinicalbert.workbench.model.MaskedLmHead;
import org.clinicalbert.workbench.model.NextSentenceHead;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * BERT with google's two pretraining heads as the training loop sees it: loss = masked-LM loss + next-sentence
 * loss, as {@code run_pretraining.py model_fn} sums them. Like {@link BertTaskModel}, one TRAINING-mode graph
 * serves training (dropout masks drawn from the step's seed, {@link TrainableGraph}) and prediction (all-ones
 * masks, i.e. no dropout).
 */
public final class PretrainingModel extends GraphStepModel {

    /** {@link #predict} keys. */
    public static final String MLM_LOGITS = "mlm_logits";
    public static final String NSP_LOGITS = "nsp_logits";
    public static final String MLM_LOSS = "mlm_loss";
    public static final String NSP_LOSS = "nsp_loss";
    static final String TOTAL_LOSS = "total_loss";

    private final MaskedLmHead mlm;
    private final NextSentenceHead nsp;

    private PretrainingModel(BertGraph graph, MaskedLmHead mlm, NextSentenceHead nsp, SDVariable total) {
        super(graph, total);
        this.mlm = mlm;
        this.nsp = nsp;
    }

    /**
     * Builds the graph for {@code config} (its dropout rates are used in training) and loads {@code weights};
     * the {@code cls/...} heads real pretrained checkpoints carry are loaded, absent ones initialised as
     * google does, seeded by {@code seed}.
     *
     * @param source names the checkpoint in error messages
     */
    public static PretrainingModel create(BertConfig config, Map<String, INDArray> weights, Path source, long seed) {
        BertGraph g = BertGraph.build(config, BertGraph.Mode.TRAINING);
        MaskedLmHead mlm = MaskedLmHead.attach(g);
        NextSentenceHead nsp = NextSentenceHead.attach(g);
        SDVariable total = mlm.loss().add(TOTAL_LOSS, nsp.loss());
        loadOrInitialise(g, weights, source, seed);
        return new PretrainingModel(g, mlm, nsp, total);
    }

    /** Copies of every variable (body and {@code cls/} heads) by checkpoint name, for saving. */
    public Map<String, INDArray> exportWeights() {
        return BertWeights.export(graph);
    }

    /**
     * Without dropout: {@link #MLM_LOGITS} {@code [B*P, vocab]} (row b*P+p), {@link #NSP_LOGITS} {@code [B, 2]},
     * and the batch's {@link #MLM_LOSS} and {@link #NSP_LOSS} (scalars; the batch carries its labels).
     */
    @Override
    public Map<String, INDArray> predict(Batch batch) {
        Map<String, INDArray> feeds = graph.withoutDropout(batch.feeds());
        Map<String, INDArray> out;
        try {
            out = graph.output(feeds, List.of(mlm.logits().name(), nsp.logits().name(), mlm.loss().name(),
                    nsp.loss().name()));
        } finally {
            graph.freeDropoutMasks(feeds);
        }
        return Map.of(MLM_LOGITS, out.get(mlm.logits().name()), NSP_LOGITS, out.get(nsp.logits().name()),
                MLM_LOSS, out.get(mlm.loss().name()), NSP_LOSS, out.get(nsp.loss().name()));
    }
}
