package org.clinicalbert.workbench.data.ner;

import org.clinicalbert.workbench.io.InputFormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A corpus's entity types, in a fixed order, and the BIO tag list derived from them
 * ({@code O, B-T1, I-T1, B-T2, I-T2, ...}) so that tag ids are stable across runs.
 */
public final class LabelSet {

    public static final String OUTSIDE = "O";

    private final List<String> types;
    private final Set<String> typeSet;
    private final List<String> bioTags;

    private LabelSet(List<String> types) {
        this.types = List.copyOf(types);
        this.typeSet = new LinkedHashSet<>(types);
        if (typeSet.size() != types.size()) {
            throw new IllegalArgumentException("duplicate entity type in " + types);
        }
        List<String> tags = new ArrayList<>();
        tags.add(OUTSIDE);
        for (String t : types) {
            tags.add("B-" + t);
            tags.add("I-" + t);
        }
        this.bioTags = List.copyOf(tags);
    }

    public static LabelSet of(String... types) {
        return new LabelSet(List.of(types));
    }

    public static LabelSet of(List<String> types) {
        return new LabelSet(types);
    }

    public List<String> types() {
        return types;
    }

    public List<String> bioTags() {
        return bioTags;
    }

    public boolean contains(String type) {
        return typeSet.contains(type);
    }

    /** Returns {@code type} if it belongs to the set; otherwise fails naming the file and location. */
    public String require(String type, Path file, String location) {
        if (!contains(type)) {
            throw new InputFormatException(file, location,
                    "unknown entity type \"" + type + "\"; expected one of " + types);
        }
        return type;
    }

    /** The set plus one more type group, e.g. 2012 EVENT types plus TIMEX3 types. */
    public LabelSet plus(LabelSet other) {
        List<String> all = new ArrayList<>(types);
        all.addAll(other.types);
        return new LabelSet(all);
    }

    @Override
    public String toString() {
        return types.toString();
    }
}
