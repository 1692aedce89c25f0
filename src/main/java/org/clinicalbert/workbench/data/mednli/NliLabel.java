package org.clinicalbert.workbench.data.mednli;

import java.util.Optional;

/** MedNLI's three classes, with the spelling the jsonl files use. */
public enum NliLabel {
    ENTAILMENT("entailment"),
    CONTRADICTION("contradiction"),
    NEUTRAL("neutral");

    private final String json;

    NliLabel(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The label for a {@code gold_label} value, or empty for anything else ("-", null, typos). */
    public static Optional<NliLabel> fromJson(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (NliLabel l : values()) {
            if (l.json.equals(value)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
