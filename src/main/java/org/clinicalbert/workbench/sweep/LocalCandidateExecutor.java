package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each candidate in this JVM, one at a time (each fine-tuning run already uses every core), through a
 * {@link CandidateRunner}; the candidate's outcome is recorded before the loop goes on.
 */
final class LocalCandidateExecutor implements CandidateExecutor {

    private static final Logger log = LoggerFactory.getLogger(LocalCandidateExecutor.class);

    private final CandidateRunner runner;

    LocalCandidateExecutor(CandidateRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(SweepSession session, SweepCandidate c, ExperimentConfig config) {
        long start = System.nanoTime();
        int position = session.started(c, false);
        try {
            // resume: a candidate killed mid-run continues from its checkpoint
            ExperimentRunner.Result r = runner.run(config, true);
            session.recordFinished(c, position, r.runDir(), r.metrics(), false, CandidateLoop.seconds(start));
        } catch (Exception | Error e) { // a failed candidate (a diverged loss, out of memory) must not stop the sweep
            log.warn("candidate {} failed", c.number(), e);
            session.recordFailed(c, position, CandidateLoop.message(e), CandidateLoop.seconds(start));
        }
    }
}
