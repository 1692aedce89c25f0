package org.clinicalbert.workbench.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The study folder's {@code status.json}, in the schema run, sweep and study folders share (state, message, kind,
 * updated, started, progress, best, phase, last_checkpoint_step, resume), rewritten atomically at each phase and
 * each finished job so that {@code workbench status} can show where the study is.
 */
final class StudyStatus {

    static final String FILE = "status.json";
    private static final ObjectMapper JSON = Json.PRETTY;

    private final Path file;
    private final String started;
    private final String resume;
    private int lastDone;
    private int lastTotal;

    StudyStatus(Path studyDir, String resumeCommand) {
        this.file = studyDir.resolve(FILE);
        this.started = Instant.now().toString();
        this.resume = resumeCommand;
    }

    /**
     * @param state "running", "finished", "failed" or "interrupted"
     * @param phase the phase now (or last) under way
     */
    void write(String state, String message, StudyPhase phase, int done, int total) throws IOException {
        lastDone = done;
        lastTotal = total;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", state);
        s.put("message", message == null ? "" : message);
        s.put("kind", "study");
        s.put("updated", Instant.now().toString());
        s.put("started", started);
        s.put("progress", Map.of("done", done, "total", total, "unit", phase.unit()));
        // a study has one best score per cell, not one overall: the table is in study.md
        s.put("best", null);
        s.put("phase", phase.id());
        s.put("last_checkpoint_step", null);
        s.put("resume", "finished".equals(state) ? null : resume);
        AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(s));
    }

    /** A failure: the progress stays what it was when the phase stopped. */
    void failed(String message, StudyPhase phase) throws IOException {
        write("failed", message, phase, lastDone, lastTotal);
    }
}
