package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.runs.StatusFile;

import java.nio.file.Path;

/**
 * Where one fine-tuning writes and how it is reported: the run folder itself for a single split, or a fold's
 * {@code fold-<n>} folder under it.
 *
 * @param label    "train" or "fold 3/10": the progress listener's name for it and its learning curve's title
 * @param resuming continue from the checkpoint in {@code dir} when there is one
 * @param status   the run's status.json (a fold run on its own keeps its status in memory)
 */
record SubRun(Path dir, String label, boolean resuming, StatusFile status) {

    /** Fold {@code index} (0-based) of a cross-validated run, in its own folder under this one. */
    SubRun fold(int index, int k) {
        return new SubRun(dir.resolve("fold-" + (index + 1)), "fold " + (index + 1) + "/" + k, resuming, status);
    }
}
