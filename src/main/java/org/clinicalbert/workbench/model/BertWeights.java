package org.clinicalbert.workbench.model;

import org.clinicalbert.workbench.checkpoint.VariableKind;
import org.clinicalbert.workbench.io.InputFormatException;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Puts named tensors (as a checkpoint reader returns them, google's names) into a {@link BertGraph}, checking
 * each against the graph's shapes; heads the tensors lack are initialised as google does.
 */
public final class BertWeights {

    private static final Logger log = LoggerFactory.getLogger(BertWeights.class);

    /** What a load did: variables taken from the tensors, freshly initialised, and tensors not used. */
    public record LoadReport(List<String> loaded, List<String> initialised, List<String> ignored) {
    }

    private BertWeights() {
    }

    /**
     * Loads {@code tensors} into the graph. Every body variable ({@code bert/...}) must be present with its
     * exact shape; a head is loaded when all its variables are present and initialised when none is.
     * Optimizer slots and {@code global_step} ({@link VariableKind}) are skipped, as are other tasks' heads. All problems (missing,
     * unexpected, mis-shaped, wrong dtype) are reported together in one {@link InputFormatException}.
     *
     * @param source names the checkpoint in error messages
     * @param seed   seeds the initialisation of absent heads
     */
    public static LoadReport load(BertGraph graph, Map<String, INDArray> tensors, Path source, long seed) {
        List<ParameterSpec> specs = graph.parameters();
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));

        List<String> problems = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        for (ParameterSpec spec : specs) {
            INDArray t = tensors.get(spec.name());
            if (t == null) {
                if (!spec.isHead() || headPartlyPresent(spec.head(), specs, tensors)) {
                    missing.add(spec.name());
                }
            } else if (!t.dataType().isFPType()) {
                problems.add("variable " + spec.name() + " has dtype " + t.dataType() + ", expected a float type");
            } else if (!Arrays.equals(t.shape(), spec.shape())) {
                problems.add("variable " + spec.name() + " has shape " + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(spec.shape()));
            }
        }
        missing.forEach(n -> problems.add("variable " + n + " " + Arrays.toString(byName.get(n).shape())
                + " is missing"));
        List<String> ignored = new ArrayList<>();
        for (String name : new TreeSet<>(tensors.keySet())) {
            if (byName.containsKey(name)) {
                continue;
            }
            if (VariableKind.of(name) != VariableKind.MODEL || !isOwnedByGraph(name, specs)) {
                ignored.add(name);
            } else {
                problems.add("unexpected variable " + name + " " + Arrays.toString(tensors.get(name).shape())
                        + " (not in a graph for this config)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InputFormatException(source, problems.size() + " problem(s)",
                    "checkpoint does not fit the BERT graph:\n  " + String.join("\n  ", problems));
        }

        SameDiff sd = graph.sameDiff();
        List<String> loaded = new ArrayList<>();
        List<String> initialised = new ArrayList<>();
        for (ParameterSpec spec : specs) {
            INDArray t = tensors.get(spec.name());
            if (t != null) {
                sd.getVariable(spec.name()).setArray(t.castTo(DataType.FLOAT).dup('c'));
                loaded.add(spec.name());
            } else {
                sd.getVariable(spec.name()).setArray(initialValue(spec, graph.config().initializerRange(), seed));
                initialised.add(spec.name());
            }
        }
        if (!initialised.isEmpty()) {
            log.info("{}: initialised {} variable(s) absent from the checkpoint: {}", source, initialised.size(),
                    initialised);
        }
        if (!ignored.isEmpty()) {
            log.debug("{}: ignored {} tensor(s) not in the graph (optimizer state, other heads)", source,
                    ignored.size());
        }
        return new LoadReport(loaded, initialised, ignored);
    }

    /** Initialises every variable (a model trained from scratch). */
    public static void initialiseAll(BertGraph graph, long seed) {
        for (ParameterSpec spec : graph.parameters()) {
            graph.sameDiff().getVariable(spec.name())
                    .setArray(initialValue(spec, graph.config().initializerRange(), seed));
        }
    }

    /** Copies of the graph's current variable values, by checkpoint name (to save, or to load into another graph). */
    public static Map<String, INDArray> export(BertGraph graph) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (ParameterSpec spec : graph.parameters()) {
            out.put(spec.name(), graph.sameDiff().getVariable(spec.name()).getArr().dup());
        }
        return out;
    }

    /**
     * google's initial value for a variable. The truncated-normal stream is seeded by {@code seed} and the
     * variable's name, so a variable's value does not depend on which other heads the graph has.
     */
    static INDArray initialValue(ParameterSpec spec, double stddev, long seed) {
        return switch (spec.init()) {
            case ZEROS -> Nd4j.zeros(DataType.FLOAT, spec.shape());
            case ONES -> Nd4j.ones(DataType.FLOAT, spec.shape());
            case TRUNCATED_NORMAL -> TruncatedNormal.sample(spec.shape(), stddev, seed * 31 + spec.name().hashCode());
        };
    }

    private static boolean headPartlyPresent(String head, List<ParameterSpec> specs, Map<String, INDArray> tensors) {
        return specs.stream().anyMatch(s -> head.equals(s.head()) && tensors.containsKey(s.name()));
    }

    /** The BERT body and the scopes of the attached heads belong to this graph: names there must match. */
    private static boolean isOwnedByGraph(String name, List<ParameterSpec> specs) {
        if (name.startsWith("bert/")) {
            return true;
        }
        // heads with their own scope (cls/...) own it; classifier names live at the root and own nothing more
        return specs.stream().filter(ParameterSpec::isHead).map(ParameterSpec::head)
                .anyMatch(head -> head.startsWith("cls/") && name.startsWith(head + "/"));
    }
}
