package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.config.ExperimentConfig;

import java.io.IOException;

/**
 * Runs the experiment of a candidate the {@link CandidateLoop} hands over: in this JVM
 * ({@link LocalCandidateExecutor}) or as Spark tasks. The loop has already skipped finished candidates, loaded the
 * candidate's config and claimed its folder; the executor tells the session when the candidate starts
 * ({@link SweepSession#started}, not reused) and records its outcome there, now or once its tasks end.
 */
@FunctionalInterface
public interface CandidateExecutor {

    /** @param config the candidate's experiment config, writing into its own folder */
    void execute(SweepSession session, SweepCandidate c, ExperimentConfig config) throws IOException;
}
