package org.clinicalbert.workbench.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A folder's {@code status.json}, the schema shared by run, sweep and study folders: state, what kind of folder,
 * when it started and was last updated, progress, the best score so far, the last checkpoint and the command that
 * resumes it. Folders written before this schema hold only {@code state} and {@code message}; they read with the
 * other fields empty. Unknown fields are ignored.
 *
 * @param kind               run, sweep or study
 * @param progress           null when unknown
 * @param best               null when nothing was scored yet
 * @param lastCheckpointStep null when no checkpoint was written
 * @param resume             the exact command that continues the work, null when there is none
 */
public record RunStatus(RunState state, String message, String kind, String updated, String started,
                        Progress progress, Best best, String phase, Long lastCheckpointStep, String resume) {

    public static final String FILE = "status.json";

    private static final ObjectMapper JSON = Json.PRETTY;

    /** How far the work is: {@code done} of {@code total} {@code unit}s (steps, candidates, runs). */
    public record Progress(long done, long total, String unit) {
    }

    /** The best score so far and which metric it is ({@code dev.accuracy}). */
    public record Best(String metric, double value) {
    }

    public RunStatus withState(RunState newState, String newMessage) {
        return new RunStatus(newState, newMessage == null ? "" : newMessage, kind, Instant.now().toString(), started,
                progress, best, phase, lastCheckpointStep, resume);
    }

    public RunStatus withProgress(Progress p) {
        return new RunStatus(state, message, kind, Instant.now().toString(), started, p, best, phase,
                lastCheckpointStep, resume);
    }

    public RunStatus withCheckpoint(long step, Progress p, Best b) {
        return new RunStatus(state, message, kind, Instant.now().toString(), started, p, b, phase, step, resume);
    }

    /** A new run's status: running since now. */
    public static RunStatus started(String kind, String resume) {
        String now = Instant.now().toString();
        return new RunStatus(RunState.RUNNING, "", kind, now, now, null, null, null, null, resume);
    }

    /**
     * This status running again after a resume: the first start, the last checkpoint and the best score stay (the
     * run continues from that checkpoint), the state is running again.
     */
    public RunStatus resumed(String resumeCommand) {
        return new RunStatus(RunState.RUNNING, "", kind == null ? "run" : kind, Instant.now().toString(),
                started == null ? Instant.now().toString() : started, progress, best, phase, lastCheckpointStep,
                resumeCommand);
    }

    /** Writes {@code dir/status.json} atomically. */
    public void write(Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.id());
        m.put("message", message == null ? "" : message);
        m.put("kind", kind);
        m.put("updated", updated);
        m.put("started", started);
        if (progress == null) {
            m.put("progress", null);
        } else {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("done", progress.done());
            p.put("total", progress.total());
            p.put("unit", progress.unit());
            m.put("progress", p);
        }
        if (best == null || !Double.isFinite(best.value())) {
            m.put("best", null);
        } else {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("metric", best.metric());
            b.put("value", best.value());
            m.put("best", b);
        }
        m.put("phase", phase);
        m.put("last_checkpoint_step", lastCheckpointStep);
        m.put("resume", resume);
        AtomicFiles.writeBytes(dir.resolve(FILE), JSON.writeValueAsBytes(m));
    }

    /** {@code dir/status.json}, empty when there is none or it cannot be read (being replaced, or damaged). */
    public static Optional<RunStatus> read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (n == null || !n.isObject()) {
                return Optional.empty();
            }
            JsonNode p = n.path("progress");
            Progress progress = p.isObject() && p.path("done").isNumber() && p.path("total").isNumber()
                    ? new Progress(p.get("done").asLong(), p.get("total").asLong(), p.path("unit").asText("steps"))
                    : null;
            JsonNode b = n.path("best");
            Best best = b.isObject() && b.path("value").isNumber()
                    ? new Best(b.path("metric").asText(""), b.get("value").asDouble()) : null;
            JsonNode ck = n.path("last_checkpoint_step");
            // a state this version does not know (or none) reads as UNKNOWN rather than failing the whole listing
            return Optional.of(new RunStatus(RunState.of(n.path("state").asText(null)), n.path("message").asText(""),
                    text(n, "kind"), text(n, "updated"), text(n, "started"), progress, best, text(n, "phase"),
                    ck.isIntegralNumber() ? ck.asLong() : null, text(n, "resume")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The state in {@code dir}'s status.json; {@link RunState#UNKNOWN} when there is none or it cannot be read. */
    public static RunState stateOf(Path dir) {
        return read(dir).map(RunStatus::state).orElse(RunState.UNKNOWN);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
