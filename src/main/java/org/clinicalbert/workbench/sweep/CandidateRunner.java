package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;

import java.io.IOException;

/** Runs one candidate's experiment config; {@link ExperimentRunner} in production, a stand-in in tests. */
@FunctionalInterface
public interface CandidateRunner {

    /** @param resume continue the candidate's unfinished run (a sweep killed mid-candidate) from its checkpoint */
    ExperimentRunner.Result run(ExperimentConfig config, boolean resume) throws IOException;
}
