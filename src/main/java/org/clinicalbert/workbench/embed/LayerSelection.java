package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.UserInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which hidden states are averaged, counted as Hugging Face's {@code hidden_states} (and bert-as-service): 0 is
 * the embedding output, 1..L the encoder layers; negative numbers count from the end, so -1 is the last layer and
 * {@code -4..-1} the last four, google's {@code extract_features.py --layers=-1,-2,-3,-4} (the paper's feature
 * extraction) averaged.
 *
 * @param spec   as the user wrote it (kept for embed.json)
 * @param layers absolute hidden-state indices, ascending, distinct
 */
public record LayerSelection(String spec, List<Integer> layers) {

    public static final String LAST = "-1";

    /**
     * Parses {@code -1}, {@code -4..-1}, {@code 0,6,12} or a mix ({@code 1..3,-1}) for a model with {@code numLayers}
     * encoder layers.
     */
    public static LayerSelection parse(String spec, int numLayers) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw bad(spec, numLayers, "empty element");
            }
            int dots = p.indexOf("..", p.startsWith("-") ? 1 : 0);
            if (dots >= 0) {
                int from = absolute(p.substring(0, dots), spec, numLayers);
                int to = absolute(p.substring(dots + 2), spec, numLayers);
                if (from > to) {
                    throw bad(spec, numLayers, "range " + p + " runs backwards");
                }
                for (int i = from; i <= to; i++) {
                    out.add(i);
                }
            } else {
                out.add(absolute(p, spec, numLayers));
            }
        }
        return new LayerSelection(spec.strip(), List.copyOf(new ArrayList<>(out)));
    }

    public boolean isLastOnly(int numLayers) {
        return layers.size() == 1 && layers.get(0) == numLayers;
    }

    private static int absolute(String s, String spec, int numLayers) {
        int i;
        try {
            i = Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw bad(spec, numLayers, "'" + s.strip() + "' is not a layer number");
        }
        int abs = i < 0 ? numLayers + 1 + i : i;
        if (abs < 0 || abs > numLayers) {
            throw bad(spec, numLayers, "layer " + i + " does not exist");
        }
        return abs;
    }

    private static UserInputException bad(String spec, int numLayers, String why) {
        return new UserInputException("--layers " + spec + ": " + why + " (the model has hidden states 0 = "
                + "embeddings .. " + numLayers + " = last layer; -1 is the last, -" + (numLayers + 1) + " the embeddings)");
    }
}
