package org.clinicalbert.workbench.train;

import org.clinicalbert.workbench.model.BertGradients;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.ParameterSpec;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable part of a TRAINING-mode BERT graph with its loss, which the fine-tuning and the pretraining models
 * share (they differ in their heads and what they predict): the live parameter arrays by checkpoint name, and one
 * batch's loss and gradients with dropout masks drawn from the step's seed alone ({@link StepModel#maskSeed}).
 */
final class TrainableGraph {

    private final BertGradients gradients;
    private final Map<String, INDArray> parameters;

    TrainableGraph(BertGraph graph, SDVariable loss) {
        this.gradients = new BertGradients(graph, loss);
        Map<String, INDArray> p = new LinkedHashMap<>();
        for (ParameterSpec s : graph.parameters()) {
            p.put(s.name(), graph.sameDiff().getVariable(s.name()).getArr());
        }
        this.parameters = Collections.unmodifiableMap(p);
    }

    /** Live arrays: the optimiser updates them in place. */
    Map<String, INDArray> parameters() {
        return parameters;
    }

    StepModel.LossAndGradients lossAndGradients(Batch batch, long dropoutSeed) {
        BertGradients.Result r = gradients.computeWithDropout(batch.feeds(), StepModel.maskSeed(dropoutSeed));
        return new StepModel.LossAndGradients(r.loss(), r.gradients());
    }
}
