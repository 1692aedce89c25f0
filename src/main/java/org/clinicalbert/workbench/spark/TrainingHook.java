package org.clinicalbert.workbench.spark;

import org.clinicalbert.workbench.train.TrainingListener;

import java.io.Serializable;

/**
 * A training listener an experiment task adds on the executor, for each (sub-)run by its label ("train",
 * "fold 2/3"): shipped with the task, so serializable. The fault tests stop a task mid-training with one, as
 * ExperimentResumeTest does for a local run.
 */
@FunctionalInterface
public interface TrainingHook extends Serializable {

    /** The listener for one (sub-)run, or null. */
    TrainingListener forRun(String label);
}
