package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.sweep.SweepOutcome;

import java.io.IOException;
import java.util.List;

/**
 * Runs the work of a study's phases. Jobs are independent of each other and are plain data (what to run and into
 * which folder), so an implementation may run them in any order or at once on other machines; it must leave each
 * job's results in the job's folder, reuse what a job finished earlier (that is how a study resumes), and report
 * each job to the listener as it ends. {@link LocalStudyExecutor} runs them one after the other on this machine.
 */
public interface StudyExecutor {

    /** Told as each job ends, on the caller's thread of the implementation's choosing. */
    interface Listener {
        default void gridEnded(GridJob job, SweepOutcome outcome) {
        }

        default void finalRunEnded(FinalJob job, FinalRun run) {
        }
    }

    /** Phase 1: each (task, initialisation)'s grid, scored on dev only. Outcomes in the order of {@code jobs}. */
    List<SweepOutcome> grids(List<GridJob> jobs, Listener listener) throws IOException;

    /** Phase 3: the final runs, scored on test. Runs in the order of {@code jobs}. */
    List<FinalRun> finalRuns(List<FinalJob> jobs, Listener listener) throws IOException;
}
