package org.clinicalbert.workbench.runs;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The state of a run, sweep or study folder, as its {@code status.json} says it ({@code "state"}) and
 * {@code workbench status} shows it. Written as the lower-case word ({@link #id()}), the same strings as before
 * this type existed, so old and new folders read alike.
 */
public enum RunState {
    /** The work is under way (or was, when its owner died: {@link FolderStatus} then shows {@link #INTERRUPTED}). */
    RUNNING("running"),
    /** Everything ran; the results are complete. */
    FINISHED("finished"),
    /** The work stopped on an error (the message says which); {@code --resume} continues where possible. */
    FAILED("failed"),
    /** Stopped by a signal, or its process died while running; {@code --resume} continues. */
    INTERRUPTED("interrupted"),
    /** No status.json, or one whose state this version does not know (read from a file, never written by it). */
    UNKNOWN("unknown"),
    /** A status.json that is not a status at all (cut short, hand-edited): shown, never written. */
    UNREADABLE("unreadable");

    private final String id;

    RunState(String id) {
        this.id = id;
    }

    /** The word in status.json and in {@code workbench status}. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The state {@code id} names; {@link #UNKNOWN} for null or a word this version does not know. */
    public static RunState of(String id) {
        for (RunState s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** The word, so that messages read as they did when states were strings. */
    @Override
    public String toString() {
        return id;
    }
}
