package org.clinicalbert.workbench.experiment.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One key of the experiment file schema: its type, whether it is required, its default and where the
 * default comes from, allowed values or range. Sections hold child keys.
 */
record ConfigKey(String name, Kind kind, boolean required, Object defaultValue, List<String> allowed,
                 Double min, boolean minInclusive, Double max, boolean maxInclusive,
                 List<ConfigKey> children, String doc) {

    enum Kind {
        STRING("a string"), INTEGER("an integer"), NUMBER("a number"), PATH("a path"), SECTION("a mapping of keys"), BOOLEAN("true or false");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    ConfigKey {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        children = children == null ? List.of() : List.copyOf(children);
    }

    static ConfigKey section(String name, String doc, ConfigKey... children) {
        return new ConfigKey(name, Kind.SECTION, false, null, null, null, false, null, false, List.of(children), doc);
    }

    static ConfigKey required(String name, Kind kind, String doc) {
        return new ConfigKey(name, kind, true, null, null, null, false, null, false, null, doc);
    }

    static ConfigKey optional(String name, Kind kind, Object defaultValue, String doc) {
        return new ConfigKey(name, kind, false, defaultValue, null, null, false, null, false, null, doc);
    }

    ConfigKey oneOf(List<String> values) {
        return new ConfigKey(name, kind, required, defaultValue, values, min, minInclusive, max, maxInclusive, children, doc);
    }

    /** Values must be >= min (inclusive) or > min. */
    ConfigKey atLeast(double bound, boolean inclusive) {
        return new ConfigKey(name, kind, required, defaultValue, allowed, bound, inclusive, max, maxInclusive, children, doc);
    }

    /** Values must be <= max (inclusive) or < max. */
    ConfigKey atMost(double bound, boolean inclusive) {
        return new ConfigKey(name, kind, required, defaultValue, allowed, min, minInclusive, bound, inclusive, children, doc);
    }

    ConfigKey child(String childName) {
        for (ConfigKey c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    List<String> childNames() {
        List<String> names = new ArrayList<>();
        for (ConfigKey c : children) {
            names.add(c.name);
        }
        return names;
    }

    /** Human wording of the range, e.g. "> 0" or ">= 0 and < 1"; empty when unbounded. */
    String rangeText() {
        StringBuilder sb = new StringBuilder();
        if (min != null) {
            sb.append(minInclusive ? ">= " : "> ").append(number(min));
        }
        if (max != null) {
            sb.append(sb.length() > 0 ? " and " : "").append(maxInclusive ? "<= " : "< ").append(number(max));
        }
        return sb.toString();
    }

    boolean inRange(double v) {
        if (min != null && (minInclusive ? v < min : v <= min)) {
            return false;
        }
        return max == null || (maxInclusive ? v <= max : v < max);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
