package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.sweep.SweepConfig;

/** One (task, initialisation)'s grid: a sweep of the task's template with the initialisation, scored on dev only. */
public record GridJob(StudyCell cell, SweepConfig sweep) {
}
