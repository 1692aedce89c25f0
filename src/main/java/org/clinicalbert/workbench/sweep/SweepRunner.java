package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * Runs a sweep through Arbiter's {@link LocalOptimizationRunner}, one candidate at a time (each fine-tuning run
 * already uses every core). Candidates that finished in an earlier invocation are read back, not rerun, so a
 * killed sweep continues where it stopped.
 */
public final class SweepRunner {

    /** "No limit" still needs a time condition: a week. */
    private static final long NO_LIMIT_MINUTES = 7L * 24 * 60;

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
        this.listener = listener == null ? new SweepListener() { } : listener;
        this.clock = clock;
    }

    /** @param maxCandidates visit at most this many candidates (null: all planned) */
    public SweepOutcome run(SweepConfig sweep, Integer maxCandidates) throws IOException {
        return run(sweep, maxCandidates, null);
    }

    /** @param resume the command that continues this sweep, recorded in its status.json (null: none known) */
    public SweepOutcome run(SweepConfig sweep, Integer maxCandidates, String resume) throws IOException {
        try (SweepSession session = SweepSession.open(sweep, maxCandidates, listener, resume)) {
            int limit = session.planned();
            CandidateTrial.Context ctx = new CandidateTrial.Context(session, loader, runner);
            Duration timeLimit = sweep.maxMinutes() == null ? Duration.ofMinutes(NO_LIMIT_MINUTES)
                    : Duration.ofMillis(Math.max(1, Math.round(sweep.maxMinutes() * 60_000)));
            OptimizationConfiguration config = new OptimizationConfiguration.Builder()
                    .candidateGenerator(CandidateGenerators.create(sweep))
                    .scoreFunction(new RecordedScore())
                    // capped at the candidate count: a larger cap never terminates once a grid runs out, and the
                    // time condition is the safety net Arbiter needs besides (docs/samediff-m2.1.md, Arbiter)
                    .terminationConditions(new MaxCandidatesCondition(limit), new Deadline(clock, timeLimit))
                    .build();
            LocalOptimizationRunner arbiter = new LocalOptimizationRunner(1, config, new TrialCreator(ctx));
            arbiter.execute();
            return session.finish();
        }
    }

    /** Hands Arbiter's candidates to {@link CandidateTrial}; data and score come from the experiment config. */
    private record TrialCreator(CandidateTrial.Context ctx) implements TaskCreator {
        @Override
        public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider,
                                                   ScoreFunction scoreFunction, List<StatusListener> statusListeners,
                                                   IOptimizationRunner runner) {
            return new CandidateTrial(candidate, ctx);
        }

        @Override
        public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                                   Properties dataSourceProperties, ScoreFunction scoreFunction,
                                                   List<StatusListener> statusListeners, IOptimizationRunner runner) {
            return new CandidateTrial(candidate, ctx);
        }
    }

    /**
     * The runner only asks the score function which way is better (maximise); each trial scores its own run from
     * the run's metrics, since the model lives inside the experiment runner, not in Arbiter.
     */
    static final class RecordedScore implements ScoreFunction {
        @Override
        public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
            throw new UnsupportedOperationException("sweep candidates are scored from their run's metrics");
        }

        @Override
        public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
            throw new UnsupportedOperationException("sweep candidates are scored from their run's metrics");
        }

        @Override
        public boolean minimize() {
            return false;
        }

        @Override
        public List<Class<?>> getSupportedModelTypes() {
            return List.of(Object.class);
        }

        @Override
        public List<Class<?>> getSupportedDataTypes() {
            return List.of(Object.class);
        }
    }
}
