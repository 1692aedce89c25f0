package org.clinicalbert.workbench.study;

/** The phases of a study, in order; {@link #id()} is the name status.json and the reports use. */
public enum StudyPhase {
    /** each (task, initialisation)'s grid, scored on dev only: the test set is not opened */
    GRID("grid", "candidates"),
    /** the best configuration per (task, initialisation) by its dev score */
    SELECT("select", "runs"),
    /** the selected configuration with each seed (or over the folds), scored once on test */
    FINAL("final", "runs"),
    /** the table, intervals, paired comparisons and plots */
    COMPARE("compare", "runs");

    private final String id;
    private final String unit;

    StudyPhase(String id, String unit) {
        this.id = id;
        this.unit = unit;
    }

    public String id() {
        return id;
    }

    /** What the phase's progress counts. */
    public String unit() {
        return unit;
    }
}
