package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.SequenceClassifierHead;
import org.clinicalbert.workbench.model.TokenClassifierHead;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A BERT with a classification head as the training loop sees it. One TRAINING-mode graph serves both
 * uses: training feeds dropout masks drawn from the step's seed ({@link TrainableGraph}), prediction feeds all-ones
 * masks, i.e. no dropout.
 */
public final class BertTaskModel extends GraphStepModel {

    /** What the head classifies: one label per (pair of) sequence(s), or one per token. */
    public enum Kind { SEQUENCE, TOKEN }

    private final Kind kind;
    private final SDVariable logits;

    private BertTaskModel(Kind kind, BertGraph graph, SDVariable logits, SDVariable loss) {
        super(graph, loss);
        this.kind = kind;
        this.logits = logits;
    }

    /**
     * Builds the graph with {@code dropout} in place of the config's dropout rates, loads {@code weights}
     * (a new head is initialised as google does, seeded by {@code seed}).
     */
    public static BertTaskModel create(Kind kind, BertConfig config, int numLabels, double dropout,
                                       Map<String, INDArray> weights, Path source, long seed) {
        BertConfig c = config.withDropout(dropout);
        BertGraph g = BertGraph.build(c, BertGraph.Mode.TRAINING);
        SDVariable logits;
        SDVariable loss;
        if (kind == Kind.SEQUENCE) {
            SequenceClassifierHead head = SequenceClassifierHead.attach(g, numLabels);
            logits = head.logits();
            loss = head.loss();
        } else {
            TokenClassifierHead head = TokenClassifierHead.attach(g, numLabels);
            logits = head.logits();
            loss = head.loss();
        }
        loadOrInitialise(g, weights, source, seed);
        return new BertTaskModel(kind, g, logits, loss);
    }

    public Kind kind() {
        return kind;
    }

    /** Logits: {@code [B, L]} for SEQUENCE, {@code [B*T, L]} (row b*T+t) for TOKEN. */
    @Override
    public Map<String, INDArray> predict(Batch batch) {
        Map<String, INDArray> feeds = graph.withoutDropout(batch.feeds());
        // label placeholders are not needed for the logits
        feeds.keySet().removeIf(k -> !graph.sameDiff().hasVariable(k) || !isInputOf(k));
        try {
            return Map.of("logits", graph.output(feeds, List.of(logits.name())).get(logits.name()));
        } finally {
            graph.freeDropoutMasks(feeds);
        }
    }

    private boolean isInputOf(String placeholder) {
        return !placeholder.equals(SequenceClassifierHead.LABELS) && !placeholder.equals(TokenClassifierHead.LABEL_WEIGHTS);
    }
}
