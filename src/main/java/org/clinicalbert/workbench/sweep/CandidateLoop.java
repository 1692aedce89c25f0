package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * The one loop over a sweep's candidates, whatever executes them: in the order {@link SweepSession#candidates()}
 * lists them, a candidate that finished in an earlier invocation is read back (not rerun), the others get their
 * experiment config loaded and their folder claimed, then go to the {@link CandidateExecutor}. A candidate whose
 * config the schema rejects, or whose folder cannot be read or claimed, is recorded failed and the loop goes on.
 * With a {@link Deadline}, no candidate is visited once it has passed; started ones finish.
 */
public final class CandidateLoop {

    private static final Logger log = LoggerFactory.getLogger(CandidateLoop.class);

    private final ConfigLoader loader;

    public CandidateLoop(ConfigLoader loader) {
        this.loader = loader;
    }

    /**
     * Visits the session's candidates; the caller then waits for what the executor still runs and finishes the
     * session.
     *
     * @param deadline checked before each candidate; null: none (no limit, or an executor that keeps the limit
     *                 itself because it only queues candidates here, as Spark's task runner does)
     */
    public void visit(SweepSession session, CandidateExecutor executor, Deadline deadline) throws IOException {
        for (SweepCandidate c : session.candidates()) {
            if (deadline != null && deadline.passed()) {
                log.info("time limit (max_minutes {}) passed: no further candidate starts",
                        session.sweep().maxMinutes());
                return;
            }
            long start = System.nanoTime();
            ExperimentConfig config;
            try {
                Optional<CandidateFolder.Finished> done = session.finished(c);
                if (done.isPresent()) {
                    log.info("candidate {} already finished in {}: reused", c.number(), done.get().runDir());
                    int position = session.started(c, true);
                    session.recordFinished(c, position, done.get().runDir(), done.get().metrics(), true,
                            seconds(start));
                    continue;
                }
                config = loader.load(session.sweep().experiment(), session.runOverrides(c));
                session.claim(c);
            } catch (IOException | RuntimeException e) { // this candidate fails, the sweep goes on
                log.warn("candidate {} failed before it ran", c.number(), e);
                session.recordFailed(c, session.started(c, false), message(e), seconds(start));
                continue;
            }
            executor.execute(session, c, config);
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** What a failed candidate's record says: the exception's message, else the exception itself. */
    static String message(Throwable e) {
        return String.valueOf(e.getMessage() == null ? e : e.getMessage());
    }
}
