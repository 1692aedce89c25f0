package org.clinicalbert.workbench.study;

/** A (task, initialisation) pair: one cell of the table, one grid, one selection, one set of final runs. */
public record StudyCell(StudyTask task, Initialisation init) {

    /** {@code mednli/tiny-demo}: the cell's folder below each phase's folder. */
    public String path() {
        return task.id() + "/" + init.folderName();
    }

    @Override
    public String toString() {
        return task.id() + " x " + init.key();
    }
}
