package org.clinicalbert.workbench.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A sweep's {@code max_minutes} as the candidate loop keeps it: no candidate starts once {@code end} has passed
 * (started ones finish). Time is read from a {@link Clock} so that tests move it instead of waiting.
 */
public record Deadline(Clock clock, Instant end) {

    /** The sweep's limit counted from now, or null when the sweep has none. */
    public static Deadline of(SweepConfig sweep, Clock clock) {
        Duration limit = sweep.timeLimit();
        return limit == null ? null : new Deadline(clock, clock.instant().plus(limit));
    }

    public boolean passed() {
        return !clock.instant().isBefore(end);
    }
}
