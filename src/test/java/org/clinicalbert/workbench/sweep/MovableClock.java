package org.clinicalbert.workbench.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until moved: a sweep's deadline tested without waiting for it. */
public final class MovableClock extends Clock {

    // read by the thread that runs candidates, moved by the test's
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    public void move(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
