package org.clinicalbert.workbench.study;

import java.nio.file.Path;

/**
 * A finished final run.
 *
 * @param runDir the run folder
 * @param reused finished by an earlier invocation of the study and read back, not run (nor scored) again
 */
public record FinalRun(StudyCell cell, long seed, Path runDir, boolean reused) {
}
