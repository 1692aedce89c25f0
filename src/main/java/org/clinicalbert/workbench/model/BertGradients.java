package org.clinicalbert.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss and gradients of every trainable variable of a {@link BertGraph}, computed the memory-frugal way.
 *
 * <p>{@code SameDiff.calculateGradients} switches the gradient function's array cache off, so no intermediate
 * array is released during a step (17.6 GB at BERT-base batch 8, docs/samediff-m2.1.md §7). Here the gradient
 * function is created once, its cache enabled, and called directly: same values, a fraction of the memory.
 *
 * <p>The word-embedding table's gradient is the scatter-add of the {@link BertGraph#WORD_VECTORS} gradient
 * ({@link WordLookup}), plus, when the graph also uses the table (the MLM head's tied output layer), SameDiff's
 * gradient of that use. Every array of a {@link Result} belongs to the caller: {@link Result#close} frees them.
 */
public final class BertGradients {

    /** A step's loss and the gradient of each variable, keyed by the variable's (checkpoint) name. */
    public record Result(double loss, Map<String, INDArray> gradients) {
        /** Frees the gradient arrays now rather than when the garbage collector finds them. */
        public void close() {
            gradients.values().forEach(SessionMemory::free);
        }
    }

    private static final Object STDOUT_LOCK = new Object();
    /** SameDiff's key for the gradient function ({@code SameDiff.GRAD_FN_KEY}). */
    private static final String GRAD_FUNCTION = "grad";

    private final BertGraph graph;
    private final SameDiff gradFunction;
    private final String lossName;
    private final List<String> variables = new ArrayList<>();
    private final List<String> gradientNames = new ArrayList<>();
    /** The gradient of the looked-up word vectors (TRAINING graphs). */
    private final String wordVectorsGradient;

    /** Makes {@code loss} the graph's loss and creates its gradient function. */
    public BertGradients(BertGraph graph, SDVariable loss) {
        SameDiff sd = graph.sameDiff();
        this.graph = graph;
        this.lossName = loss.name();
        if (sd.getFunction(GRAD_FUNCTION) != null) {
            // SameDiff keeps one gradient function per graph, for the loss it was made for
            throw new IllegalStateException("this graph already has a gradient function; make one BertGradients per graph");
        }
        sd.setLossVariables(loss);
        createGradFunctionQuietly(sd);
        this.gradFunction = sd.getFunction(GRAD_FUNCTION);
        gradFunction.setEnableCache(true);
        for (ParameterSpec spec : graph.parameters()) {
            SDVariable gradient = sd.getVariable(spec.name()).getGradient();
            if (gradient == null) {
                // e.g. the pooler under a token-classification loss: no gradient, as TF gives None
                continue;
            }
            variables.add(spec.name());
            gradientNames.add(gradient.name());
        }
        this.wordVectorsGradient = sd.getVariable(BertGraph.WORD_VECTORS).getGradient().name();
    }

    /**
     * M2.1's {@code createGradFunction} prints one "Added differentiated op" line per op to {@code System.out}
     * (unconditionally, ~500 lines for BERT-base); a library must not write to the terminal, so stdout is
     * swallowed for that one call. Serialised on a lock because {@code System.out} is global.
     */
    private static void createGradFunctionQuietly(SameDiff sd) {
        synchronized (STDOUT_LOCK) {
            PrintStream stdout = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(stdout);
            }
        }
    }

    /** Runs forward and backward for one batch of placeholders (word vectors are looked up here). */
    public Result compute(Map<String, INDArray> placeholders) {
        List<String> outputs = new ArrayList<>(gradientNames);
        outputs.add(lossName);
        outputs.add(wordVectorsGradient);
        Map<String, INDArray> out = gradFunction.output(graph.prepare(placeholders), outputs);
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            gradients.put(variables.get(i), out.get(gradientNames.get(i)));
        }
        INDArray table = graph.sameDiff().getVariable(BertGraph.WORD_EMBEDDINGS).getArr();
        // fine-tuning graphs do not use the table at all; the MLM head's tied output layer does
        INDArray tableGradient = gradients.computeIfAbsent(BertGraph.WORD_EMBEDDINGS,
                k -> Nd4j.zeros(table.dataType(), table.shape()));
        INDArray rowGradients = out.get(wordVectorsGradient);
        WordLookup.scatterAdd(tableGradient, WordLookup.ids(placeholders.get(BertGraph.INPUT_IDS)), rowGradients);
        SessionMemory.free(rowGradients);
        double loss = out.get(lossName).getDouble(0);
        SessionMemory.free(out.get(lossName));
        return new Result(loss, gradients);
    }

    /**
     * {@link #compute} with fresh dropout masks drawn from {@code seed} ({@link BertGraph#withDropout}), freed
     * afterwards: a training step's loss and gradients.
     */
    public Result computeWithDropout(Map<String, INDArray> batchFeeds, long seed) {
        Map<String, INDArray> feeds = graph.withDropout(batchFeeds, seed);
        try {
            return compute(feeds);
        } finally {
            graph.freeDropoutMasks(feeds);
        }
    }


    /** The variables whose gradients {@link #compute} returns (those the loss depends on), in graph order. */
    public List<String> variables() {
        List<String> all = new ArrayList<>(variables);
        if (!all.contains(BertGraph.WORD_EMBEDDINGS)) {
            all.add(BertGraph.WORD_EMBEDDINGS);
        }
        return all;
    }
}
