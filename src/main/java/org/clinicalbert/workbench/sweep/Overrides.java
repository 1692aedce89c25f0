package org.clinicalbert.workbench.sweep;

/** Formats a parameter value as an experiment {@code --set key=value} override (the loader types it by key). */
final class Overrides {

    private Overrides() {
    }

    static String format(String key, Object value) {
        return key + "=" + value(value);
    }

    /** Doubles in Java's shortest round-trip form (2.0E-5), which the experiment loader reads back exactly. */
    static String value(Object value) {
        return String.valueOf(value);
    }
}
