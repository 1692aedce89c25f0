package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.model.BertGraph;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;

import java.util.ArrayList;
import java.util.List;

/**
 * The SameDiff variables that hold each hidden state of a {@link BertGraph}, {@code [B*T, H]}: index 0 the
 * embedding LayerNorm's output, index i the output LayerNorm of encoder layer i-1. BertGraph names only the last
 * layer ({@link BertGraph#SEQUENCE_OUTPUT}), so the others are found as the outputs of the ops that read each
 * LayerNorm's {@code gamma} (checkpoint names, fixed by google's layout).
 */
final class HiddenStates {

    private HiddenStates() {
    }

    /** Variable names of hidden states 0..L. */
    static List<String> variableNames(BertGraph graph) {
        int layers = graph.config().numHiddenLayers();
        List<String> names = new ArrayList<>(layers + 1);
        names.add(outputOfOpReading(graph.sameDiff(), "bert/embeddings/LayerNorm/gamma"));
        for (int i = 0; i < layers; i++) {
            names.add(outputOfOpReading(graph.sameDiff(), "bert/encoder/layer_" + i + "/output/LayerNorm/gamma"));
        }
        return names;
    }

    private static String outputOfOpReading(SameDiff sd, String variable) {
        Variable v = sd.getVariables().get(variable);
        List<String> readers = v == null ? null : v.getInputsForOp();
        if (readers == null || readers.size() != 1) {
            throw new IllegalStateException("cannot find the LayerNorm that reads " + variable + " in the BERT graph ("
                    + (readers == null ? "no reader" : readers.size() + " readers") + ")");
        }
        SameDiffOp op = sd.getOps().get(readers.get(0));
        if (op.getOutputsOfOp() == null || op.getOutputsOfOp().size() != 1) {
            throw new IllegalStateException("the op reading " + variable + " does not have exactly one output");
        }
        return op.getOutputsOfOp().get(0);
    }
}
