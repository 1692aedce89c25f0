package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;

import java.io.IOException;
import java.time.Clock;

/**
 * Runs a sweep in this JVM: the {@link CandidateLoop} with a {@link LocalCandidateExecutor}, one candidate at a
 * time, and the sweep's {@code max_minutes} checked before each. Candidates that finished in an earlier invocation
 * are read back, not rerun, so a killed sweep continues where it stopped.
 */
public final class SweepRunner {

    private final ConfigLoader loader;
    private final CandidateRunner runner;
    private final SweepListener listener;
    private final Clock clock;

    public SweepRunner(ConfigLoader loader, CandidateRunner runner, SweepListener listener) {
        this(loader, runner, listener, Clock.systemUTC());
    }

    /** @param clock what {@code max_minutes} is measured against (tests pass one they move) */
    public SweepRunner(ConfigLoader loader, CandidateRunner runner, SweepListener listener, Clock clock) {
        this.loader = loader;
        this.runner = runner;
        this.listener = listener;
        this.clock = clock;
    }

    /** @param maxCandidates visit at most this many candidates (null: all planned) */
    public SweepOutcome run(SweepConfig sweep, Integer maxCandidates) throws IOException {
        return run(sweep, maxCandidates, null);
    }

    /** @param resume the command that continues this sweep, recorded in its status.json (null: none known) */
    public SweepOutcome run(SweepConfig sweep, Integer maxCandidates, String resume) throws IOException {
        try (SweepSession session = SweepSession.open(sweep, maxCandidates, listener, resume)) {
            new CandidateLoop(loader).visit(session, new LocalCandidateExecutor(runner), Deadline.of(sweep, clock));
            return session.finish();
        }
    }
}
