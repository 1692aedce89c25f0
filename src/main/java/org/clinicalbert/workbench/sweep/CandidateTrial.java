package org.clinicalbert.workbench.sweep;

import org.clinicalbert.workbench.experiment.ExperimentRunner;
import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * One candidate as an Arbiter task: reuse its finished run if there is one, else run its experiment config
 * (output in its own folder, continuing an interrupted attempt), score it, and record it in the sweep session.
 * <p>
 * Arbiter 1.0.0-beta7 quirks this works around: an exception that escapes a task is counted but its status
 * stays {@code Created} and listeners never hear of it, so every failure is caught here and returned as a
 * {@code Failed} result; and the runner never calls a {@code ResultSaver}, so the task records its own result
 * (the ledger) and attaches the reference itself.
 */
final class CandidateTrial implements Callable<OptimizationResult> {

    private static final Logger log = LoggerFactory.getLogger(CandidateTrial.class);

    /** Shared by the trials of one sweep invocation. */
    record Context(SweepSession session, ConfigLoader loader, CandidateRunner runner) {
    }

    private final Candidate<?> candidate;
    private final Context ctx;

    CandidateTrial(Candidate<?> candidate, Context ctx) {
        this.candidate = candidate;
        this.ctx = ctx;
    }

    @Override
    public OptimizationResult call() {
        long start = System.currentTimeMillis();
        SweepSession session = ctx.session();
        SweepCandidate c = null;
        int position = 0;
        CandidateRecord record;
        String stackTrace = null;
        try {
            c = CandidateGenerators.toSweepCandidate(candidate);
            Optional<CandidateFolder.Finished> done = session.finished(c);
            position = session.started(c, done.isPresent());
            if (done.isPresent()) {
                log.info("candidate {} already finished in {}: reused", c.number(), done.get().runDir());
                record = session.recordFinished(c, position, done.get().runDir(), done.get().metrics(), true,
                        seconds(start));
            } else {
                session.claim(c);
                ExperimentConfig config = ctx.loader().load(session.sweep().experiment(), session.runOverrides(c));
                ExperimentRunner.Result r = ctx.runner().run(config, true);
                record = session.recordFinished(c, position, r.runDir(), r.metrics(), false, seconds(start));
            }
        } catch (Exception | Error e) { // a failed candidate must not stop the sweep (nor vanish, see above)
            log.warn("candidate {} failed", candidate.getIndex() + 1, e);
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            stackTrace = sw.toString();
            if (c == null) {
                c = new SweepCandidate(candidate.getIndex() + 1, Map.of());
            }
            record = session.recordFailed(c, position, String.valueOf(e.getMessage() == null ? e : e.getMessage()),
                    seconds(start));
        }
        return result(record, start, stackTrace);
    }

    private OptimizationResult result(CandidateRecord record, long start, String stackTrace) {
        CandidateInfo info = new CandidateInfo(candidate.getIndex(),
                record.finished() ? CandidateStatus.Complete : CandidateStatus.Failed, record.score(), start, start,
                System.currentTimeMillis(), candidate.getFlatParameters(),
                stackTrace != null ? stackTrace : record.error());
        OptimizationResult result = new OptimizationResult(candidate, record.score(), candidate.getIndex(), null, info,
                null);
        result.setResultReference(new RecordReference(result, record));
        return result;
    }

    private static double seconds(long start) {
        return (System.currentTimeMillis() - start) / 1000.0;
    }

    /** The task's own saved result (the record is already in the ledger and its files). */
    private record RecordReference(OptimizationResult result, CandidateRecord record) implements ResultReference {
        @Override
        public OptimizationResult getResult() {
            return result;
        }

        @Override
        public Object getResultModel() {
            return record;
        }
    }
}
