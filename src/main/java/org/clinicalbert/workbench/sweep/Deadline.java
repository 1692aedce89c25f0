package org.clinicalbert.workbench.sweep;

import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A sweep's {@code max_minutes}: no candidate starts once the limit has passed (started ones finish). Written here
 * instead of Arbiter's MaxTimeCondition only to read time from a {@link Clock}, so the rule is tested without
 * waiting for it.
 */
final class Deadline implements TerminationCondition {

    private final Clock clock;
    private final Duration limit;
    private Instant end;

    Deadline(Clock clock, Duration limit) {
        this.clock = clock;
        this.limit = limit;
    }

    @Override
    public void initialize(IOptimizationRunner runner) {
        end = clock.instant().plus(limit);
    }

    @Override
    public boolean terminate(IOptimizationRunner runner) {
        return !clock.instant().isBefore(end);
    }

    @Override
    public String toString() {
        return "Deadline(" + limit + ")";
    }
}
