package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.runs.RunState;
import org.clinicalbert.workbench.runs.RunStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The study folder's {@code status.json}, in the schema run, sweep and study folders share (state, message, kind,
 * updated, started, progress, best, phase, last_checkpoint_step, resume), rewritten atomically at each phase and
 * each finished job so that {@code workbench status} can show where the study is.
 */
final class StudyStatus {

    private final Path dir;
    private final String started;
    private final String resume;
    private int lastDone;
    private int lastTotal;

    StudyStatus(Path studyDir, String resumeCommand) {
        this.dir = studyDir;
        this.started = Instant.now().toString();
        this.resume = resumeCommand;
    }

    /**
     * @param state running, finished, failed or interrupted
     * @param phase the phase now (or last) under way
     */
    void write(RunState state, String message, StudyPhase phase, int done, int total) throws IOException {
        lastDone = done;
        lastTotal = total;
        // a study has one best score per cell, not one overall: the table is in study.md
        new RunStatus(state, message == null ? "" : message, "study", Instant.now().toString(), started,
                new RunStatus.Progress(done, total, phase.unit()), null, phase.id(), null,
                state == RunState.FINISHED ? null : resume).write(dir);
    }

    /** A failure: the progress stays what it was when the phase stopped. */
    void failed(String message, StudyPhase phase) throws IOException {
        write(RunState.FAILED, message, phase, lastDone, lastTotal);
    }
}
