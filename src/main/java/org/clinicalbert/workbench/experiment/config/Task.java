package org.clinicalbert.workbench.experiment.config;

import java.util.ArrayList;
import java.util.List;

/** The downstream tasks of the study, by the ids used in experiment files. */
public enum Task {
    MEDNLI("mednli", false),
    I2B2_2006("i2b2-2006", true),
    I2B2_2010("i2b2-2010", true),
    I2B2_2012("i2b2-2012", true),
    I2B2_2014("i2b2-2014", true);

    private final String id;
    private final boolean ner;

    Task(String id, boolean ner) {
        this.id = id;
        this.ner = ner;
    }

    public String id() {
        return id;
    }

    /**
     * The metrics a run of this task reports per split (metrics.json {@code <split>.metrics}), as NliTaskRun and
     * NerTaskRun write them: what a sweep may maximise.
     */
    public List<String> metrics() {
        return ner ? List.of("f1", "precision", "recall", "token_accuracy") : List.of("accuracy", "macro_f1");
    }

    /** Named-entity recognition (scored with conlleval) rather than sentence-pair classification. */
    public boolean isNer() {
        return ner;
    }

    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Task t : values()) {
            ids.add(t.id);
        }
        return ids;
    }

    /** The task with this id, or null. */
    public static Task fromId(String id) {
        for (Task t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        return null;
    }
}
