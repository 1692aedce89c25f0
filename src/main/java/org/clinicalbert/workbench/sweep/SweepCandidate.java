package org.clinicalbert.workbench.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep.
 *
 * @param number     1-based, stable for a sweep file and seed (it names the candidate's folder)
 * @param parameters swept key path to value (Integer, Long, Double or String), in the sweep file's order
 */
public record SweepCandidate(int number, Map<String, Object> parameters) {

    public SweepCandidate {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The candidate's own {@code --set} overrides (the sweep's fixed ones come before them). */
    public List<String> overrides() {
        List<String> out = new ArrayList<>();
        parameters.forEach((k, v) -> out.add(Overrides.format(k, v)));
        return out;
    }

    public String folderName() {
        return "candidate-" + number;
    }

    /** {@code train.lr=2.0E-5, train.epochs=3} */
    public String describe() {
        return String.join(", ", overrides());
    }
}
