package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.BertWeights;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a BERT graph with heads shares as a {@link StepModel}, whatever its heads: the one TRAINING-mode graph, its
 * trainable parameters and the loss whose gradients a step takes ({@link TrainableGraph}). Subclasses add the heads
 * and what {@link #predict} returns.
 */
abstract class GraphStepModel implements StepModel {

    protected final BertGraph graph;
    private final TrainableGraph trainable;

    GraphStepModel(BertGraph graph, SDVariable loss) {
        this.graph = graph;
        this.trainable = new TrainableGraph(graph, loss);
    }

    /**
     * Loads {@code weights} into {@code g} (what they lack, e.g. a new head, is initialised as google does, seeded
     * by {@code seed}), or initialises every variable when there are none.
     */
    static void loadOrInitialise(BertGraph g, Map<String, INDArray> weights, Path source, long seed) {
        if (weights == null) {
            BertWeights.initialiseAll(g, seed);
        } else {
            BertWeights.load(g, weights, source, seed);
        }
    }

    public BertGraph graph() {
        return graph;
    }

    @Override
    public Map<String, INDArray> parameters() {
        return trainable.parameters();
    }

    @Override
    public LossAndGradients lossAndGradients(Batch batch, long dropoutSeed) {
        return trainable.lossAndGradients(batch, dropoutSeed);
    }
}
